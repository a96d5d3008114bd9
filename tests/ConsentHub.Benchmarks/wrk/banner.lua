-- GET banner/config as a browser revalidates it: the site key, the site's Origin and the ETag it holds (304).
wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
wrk.headers["If-None-Match"] = os.getenv("BENCH_ETAG")

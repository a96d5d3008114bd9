// Starts @vercel/cosmosdb-server over HTTPS on 127.0.0.1 with the certificate the test fixture generated,
// on the port the fixture asks for (0: any free port), and prints the port it listens on.
"use strict";
const fs = require("fs");

// The server's point read dereferences a missing document and answers 500; Cosmos DB answers 404, and the event
// store reads a stream up to the first commit id that is not there. Patched before the routes capture the handler.
const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const readExisting = readDocument.default;
readDocument.default = (account, req, res, params) => {
  try {
    return readExisting(account, req, res, params);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    res.statusCode = 404;
    return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
  }
};
// The server's change feed answers every read that carries If-None-Match with 304 and everything else with the
// whole container, so a reader never sees a change after its first page. Cosmos DB keeps a log sequence number
// (`_lsn`) per write and answers a change-feed read (A-IM: Incremental feed) with the documents written after the
// ETag it is given, oldest write first, the ETag of the last one it returns, and 304 (x-ms-item-count 0) when
// there is none. Only the latest version of a document is in the feed, as in Cosmos DB's latest-version mode.
const Items = require("@vercel/cosmosdb-server/lib/account/items").default;
const setItem = Items.prototype._set;
Items.prototype._set = function (data) {
  this._lsnCount = (this._lsnCount || 0) + 1;
  data._lsn = this._lsnCount;
  return setItem.call(this, data);
};
const { default: partitionFromHeader } = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header");
const readDocuments = require("@vercel/cosmosdb-server/lib/handler/read-documents");
const readAll = readDocuments.default;
readDocuments.default = (account, req, res, params) => {
  if (!req.headers["a-im"]) return readAll(account, req, res, params);
  delete req.headers["a-im"];   // the server's own change-feed answer (304 or everything) must not run after this one
  const collection = account.database(params.dbId).collection(params.collId);
  if (!collection.read()) {
    res.statusCode = 404;
    return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
  }
  const items = collection.documents;
  const head = items._lsnCount || 0;
  const match = req.headers["if-none-match"];
  const after = match === "*" ? head : match ? Number(String(match).replace(/"/g, "")) || 0 : 0;
  const since = !match && req.headers["if-modified-since"] ? Date.parse(req.headers["if-modified-since"]) : null;
  const partition = req.headers["x-ms-documentdb-partitionkey"] ? partitionFromHeader(req) : undefined;
  let docs = [...items._data.values()].map(item => item.read())
    .filter(d => d._lsn > after && (since === null || d._ts * 1000 >= since)
      && (partition === undefined || items._getPartition(d) === partition))
    .sort((a, b) => a._lsn - b._lsn);
  const max = parseInt(req.headers["x-ms-max-item-count"] || "-1", 10);
  const more = max > 0 && docs.length > max;
  if (more) docs = docs.slice(0, max);
  res.setHeader("etag", `"${more ? docs[docs.length - 1]._lsn : head}"`);
  res.setHeader("x-ms-item-count", String(docs.length));
  if (docs.length === 0) {
    res.statusCode = 304;
    return {};
  }
  return { _rid: collection.read()._rid, Documents: docs, _count: docs.length };
};
// The server writes resource ids in plain base64, so every 64th database's id holds a '/' and each request that
// addresses its containers by id (partition key ranges, queries, the change feed) misses them: 404 "stale cache".
// Cosmos DB writes '-' for '/' in resource ids, as the server's own parser already expects.
const ResourceId = require("@vercel/cosmosdb-server/lib/account/resource-id").default;
ResourceId.toBase64String = buffer => buffer.toString("base64").replace(/\//g, "-");
ResourceId.fromBase64String = s => Buffer.from(s.replace(/-/g, "/"), "base64");
const { createHttpsServer } = require("@vercel/cosmosdb-server");

const [certPath, keyPath, port = "0"] = process.argv.slice(2);
if (!certPath || !keyPath) {
  console.error("usage: node serve.js <cert.pem> <key.pem> [port]");
  process.exit(2);
}
const server = createHttpsServer({ cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) });
server.listen(Number(port), "127.0.0.1", () => console.log(`listening ${server.address().port}`));
// The fixture closes stdin when it is done; never outlive it.
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.resume();

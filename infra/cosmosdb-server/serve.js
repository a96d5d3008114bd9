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

// The server builds each request and response with the app's express prototypes already in
// place, so express never changes an object's prototype per request.
//
// Express 5 gives every arriving request and response its app's prototypes (`app.request`,
// `app.response`) with Object.setPrototypeOf (application.js, `app.handle`). Changing a live
// object's prototype throws away what V8 knows about its shape, and, measured here, about a
// third of everything the request thread allocated then lived through the next young-generation
// collection instead of dying young: with the server's 64 MiB semi-space, each scavenge copied
// about 10 MB and paused every request for 9-18 ms (docs/reliability.md, "Load").
//
// Node's HTTP server makes requests and responses from the classes it is given. Here those
// classes carry express's methods and getters (and `app`) on their own prototypes, and the app's
// `request` and `response` become those prototypes: express's setPrototypeOf then finds the
// prototype already set, which V8 answers without touching the object. The idea is the one in
// expressjs/express#5998. A request handled by a server made without these options (a test's
// supertest) still gets express's methods through setPrototypeOf, as before.
import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Express } from 'express';

/** Options for `http.createServer(options, app)` under which `app` changes no prototypes. */
export function expressServerOptions(app: Express): ServerOptions {
  const Request = class extends IncomingMessage {};
  const Response = class extends ServerResponse {};
  carry(Request.prototype, app.request, IncomingMessage.prototype);
  carry(Response.prototype, app.response, ServerResponse.prototype);
  app.request = Request.prototype as typeof app.request;
  app.response = Response.prototype as typeof app.response;
  return { IncomingMessage: Request, ServerResponse: Response as typeof ServerResponse };
}

/**
 * Defines on `target` every property `prototype` has between itself and `base` (the app's own
 * `app`, then express's request or response methods), nearer ones winning, as they would
 * through the prototype chain.
 */
function carry(target: object, prototype: object, base: object): void {
  const chain: object[] = [];
  for (let link: object | null = prototype; link !== base; link = Object.getPrototypeOf(link) as object | null) {
    if (link === null) throw new Error('express prototype does not inherit from the one node:http builds; express and node:http no longer fit together');
    chain.push(link);
  }
  for (const link of chain.reverse()) {
    for (const key of Reflect.ownKeys(link)) {
      if (key !== 'constructor') Object.defineProperty(target, key, Object.getOwnPropertyDescriptor(link, key)!);
    }
  }
}

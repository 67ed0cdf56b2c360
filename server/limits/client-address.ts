// One notion of "the client's address" for HTTP and sockets: the forwarded address when a trusted
// proxy (KEEL_TRUST_PROXY) sends one, else the TCP peer. Express's req.ip and the socket caps and
// limits all go through the same compiled trust function, so a reverse proxy never makes every
// customer look like one address to some limits and not to others.
import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";
import type { KeelConfig } from "../../config/env.ts";

export type TrustProxy = (address: string, hop: number) => boolean;

export function compileTrust(setting: KeelConfig["KEEL_TRUST_PROXY"]): TrustProxy {
  if (setting === false) return () => false;
  // A hop count trusts that many proxies nearest to Keel, whatever their addresses.
  if (typeof setting === "number") return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting);
}

/** The client's address for a request (an HTTP request or a socket's handshake request). */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(req, trust);
}

// One client address for HTTP and sockets: X-Forwarded-For counts only when the peer is a trusted proxy.
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../config/env.ts";
import { clientAddress, compileTrust } from "./client-address.ts";

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} }) as unknown as IncomingMessage;
const trustOf = (value?: string) => compileTrust(readConfig(value === undefined ? {} : { KEEL_TRUST_PROXY: value }).KEEL_TRUST_PROXY);

describe("client address", () => {
  it("believes X-Forwarded-For from a loopback proxy by default, and not from anyone else", () => {
    expect(clientAddress(request("127.0.0.1", "203.0.113.7"), trustOf())).toBe("203.0.113.7");
    expect(clientAddress(request("198.51.100.2", "203.0.113.7"), trustOf())).toBe("198.51.100.2");
  });

  it("takes the first untrusted hop from the right, so a client cannot forge its address through the proxy", () => {
    expect(clientAddress(request("10.0.0.5", "1.2.3.4, 203.0.113.7"), trustOf("10.0.0.0/8"))).toBe("203.0.113.7");
  });

  it("ignores forwarding headers when no proxy is trusted, and trusts a hop count", () => {
    expect(clientAddress(request("127.0.0.1", "203.0.113.7"), trustOf("false"))).toBe("127.0.0.1");
    expect(clientAddress(request("192.0.2.1", "203.0.113.7, 192.0.2.9"), trustOf("2"))).toBe("203.0.113.7");
  });

  it("refuses a setting that is not an address, range or keyword, naming the variable", () => {
    expect(() => readConfig({ KEEL_TRUST_PROXY: "my-proxy" })).toThrow(/KEEL_TRUST_PROXY/);
    expect(() => readConfig({ KEEL_STAFF_ORIGINS: "console.example.com" })).toThrow(/KEEL_STAFF_ORIGINS/);
  });
});

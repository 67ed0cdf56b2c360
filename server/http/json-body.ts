// The API's JSON body parser: express.json, plus two refusals it does not make on its own — bytes
// that are not UTF-8 (decoded, they would silently become U+FFFD) and strings holding a lone UTF-16
// surrogate (legal as a JSON escape, but not text: Postgres would store it as U+FFFD).
import express, { type RequestHandler } from "express";
import { HttpError } from "./errors.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const LONE_SURROGATE = /\p{Cs}/u;

/** True when any string (or object key) in the value has a lone surrogate. Iterative and without
 *  spread calls, so neither a deeply nested nor a very wide payload can overflow the stack. */
export function hasMalformedText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const child of v) stack.push(child);
    } else if (v && typeof v === "object") {
      for (const k of Object.keys(v)) {
        if (LONE_SURROGATE.test(k)) return true;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return false;
}

export function jsonBody(limit: number): RequestHandler[] {
  return [
    express.json({
      limit,
      verify: (_req, _res, buf, encoding) => {
        if (encoding && encoding.toLowerCase() !== "utf-8") return;
        try {
          strictUtf8.decode(buf);
        } catch (err) {
          // body-parser turns a thrown error with a status into that response.
          throw Object.assign(new Error("The request body is not valid UTF-8.", { cause: err }), { status: 400, type: "encoding.invalid" });
        }
      },
    }),
    (req, _res, next) => {
      if (hasMalformedText(req.body))
        return next(new HttpError(400, "encoding.invalid", "The request body has text that is not valid Unicode (a lone surrogate)."));
      next();
    },
  ];
}

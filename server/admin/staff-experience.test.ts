// Contract of PATCH /api/v1/admin/staff/:id/experience: admins only, a strict body, and the level
// reaches the account's own session (the console reads it from /api/v1/auth/me).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type StaffClient, type TestServer } from "../../test-support/server.ts";

let server: TestServer;
let admin: StaffClient;
let agent: StaffClient;
let owner: StaffClient;
let agentId: number;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.staff("admin", "Ada");
  agent = await server.staff("agent", "Avery");
  owner = await server.staff("policy_owner", "Olu");
  agentId = ((await (await agent.fetch("/api/v1/auth/me")).json()) as { staff: { id: number } }).staff.id;
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const patch = (who: StaffClient, id: number | string, body: unknown) =>
  who.fetch(`/api/v1/admin/staff/${id}/experience`, { method: "PATCH", body: typeof body === "string" ? body : JSON.stringify(body) });
const me = async (who: StaffClient) => ((await (await who.fetch("/api/v1/auth/me")).json()) as { staff: { experience: string } }).staff;

describe("staff experience level", () => {
  it("starts new, and an admin can mark an agent experienced and back", async () => {
    expect((await me(agent)).experience).toBe("new");
    const res = await patch(admin, agentId, { experience: "experienced" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { staff: { id: number; experience: string } }).staff).toMatchObject({ id: agentId, experience: "experienced" });
    expect((await me(agent)).experience).toBe("experienced");
    expect((await patch(admin, agentId, { experience: "new" })).status).toBe(200);
    expect((await me(agent)).experience).toBe("new");
  });

  it("rejects a bad body or id with 400 and an unknown account with 404, changing nothing", async () => {
    for (const body of [{}, { experience: "expert" }, { experience: "new", role: "admin" }, { experience: 1 }, "not json", []]) {
      expect((await patch(admin, agentId, body)).status, JSON.stringify(body)).toBe(400);
    }
    for (const id of ["abc", "-1", "0", "99999999999"]) expect((await patch(admin, id, { experience: "new" })).status).toBe(400);
    expect((await patch(admin, 999_999, { experience: "new" })).status).toBe(404);
    expect((await me(agent)).experience).toBe("new");
  });

  it("is refused to agents and policy owners (403) and to anyone not signed in (401)", async () => {
    expect((await patch(agent, agentId, { experience: "experienced" })).status).toBe(403);
    expect((await patch(owner, agentId, { experience: "experienced" })).status).toBe(403);
    const anonymous = await fetch(`${server.url}/api/v1/admin/staff/${agentId}/experience`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ experience: "experienced" }),
    });
    expect(anonymous.status).toBe(401);
    expect((await me(agent)).experience).toBe("new");
  });
});

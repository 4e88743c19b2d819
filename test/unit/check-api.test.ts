import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkApi, DOCUMENT } from "../../scripts/check-api.js";

// biome-ignore lint/suspicious/noExplicitAny: the tests below reach into the document's JSON freely.
type Json = Record<string, any>;

/** v0's OpenAPI document, changed by `edit` (as a new version of it might be). */
function documentWith(edit: (doc: Json) => void): Json {
  const doc = JSON.parse(readFileSync(DOCUMENT, "utf8")) as Json;
  edit(doc);
  return doc;
}

describe("npm run check:api", () => {
  it("finds nothing against the document as published", () => {
    expect(checkApi()).toEqual([]);
  });

  it("reports a field the client reads that the document renamed", () => {
    const doc = documentWith((d) => {
      const webhook = d.components.schemas.Webhook;
      webhook.properties.created = webhook.properties.createdAt;
      delete webhook.properties.createdAt;
      webhook.required = webhook.required.map((f: string) => (f === "createdAt" ? "created" : f));
    });
    expect(checkApi(doc)).toContain(
      'GET /hooks/{hookId} 200: the client reads "createdAt", which the document does not define',
    );
  });

  it("reports an event added to or removed from the enum, and a changed type", () => {
    const doc = documentWith((d) => {
      const body = d.paths["/hooks"].post.requestBody.content["application/json"].schema;
      body.properties.events.items.enum = [...body.properties.events.items.enum.slice(1), "chat.archived"];
      body.properties.chatId = { type: "string" };
    });
    expect(checkApi(doc)).toEqual([
      'POST /hooks request: "events": the document has event(s) chat.archived that the client does not know',
      'POST /hooks request: "events": the client offers event(s) chat.created that the document does not have',
      'POST /hooks request: "chatId" is string or null in the client, string in the document',
    ]);
  });

  it("reports an operation the document no longer has, and a newly required field the client never sends", () => {
    const doc = documentWith((d) => {
      delete d.paths["/hooks/{hookId}"].patch;
      const body = d.paths["/hooks"].post.requestBody.content["application/json"].schema;
      body.properties.projectId = { type: "string" };
      body.required.push("projectId");
    });
    expect(checkApi(doc)).toEqual(
      expect.arrayContaining([
        "updateHook: the client calls PATCH /hooks/{hookId}, which the document does not have",
        'POST /hooks request: the document requires "projectId", which the client never sends',
      ]),
    );
  });
});

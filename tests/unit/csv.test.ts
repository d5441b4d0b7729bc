// The CSV writer behind the leads export: RFC 4180 quoting, CRLF records, a UTF-8 BOM, and
// formula injection neutralised; plus the keyset cursor codec and the search pattern.
import { describe, expect, it } from "vitest";
import { csvField, csvRow, csvStream, UTF8_BOM } from "@/lib/csv";
import { containsPattern } from "@/lib/db/queries/leads";
import { LEAD_TRANSITIONS, leadFilterQuery, leadFilterSchema } from "@/lib/validations/lead";

describe("csvField", () => {
  it("leaves plain text, numbers and empties as they are", () => {
    expect(csvField("Ann Lee")).toBe("Ann Lee");
    expect(csvField(87.5)).toBe("87.5");
    expect(csvField(0)).toBe("0");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("")).toBe("");
    expect(csvField("Zoë – 東京")).toBe("Zoë – 東京");
  });

  it("writes dates as ISO 8601", () => {
    expect(csvField(new Date("2026-12-01T09:30:00.123Z"))).toBe("2026-12-01T09:30:00.123Z");
  });

  it("quotes fields holding commas, quotes, CR or LF and doubles the quotes", () => {
    expect(csvField("Lee, Ann")).toBe('"Lee, Ann"');
    expect(csvField('She said "call me"')).toBe('"She said ""call me"""');
    expect(csvField("line one\nline two")).toBe('"line one\nline two"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
    expect(csvField('"')).toBe('""""');
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField("+15551234567")).toBe("'+15551234567");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
    expect(csvField("=1,2")).toBe(`"'=1,2"`);
    // Only at the start: inside a cell these are plain characters.
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("ann@example.com")).toBe("ann@example.com");
  });
});

describe("csvRow and csvStream", () => {
  it("joins fields with commas and ends records with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });

  it("streams a BOM, the header and each batch until the source ends", async () => {
    const batches = [[["Ann", 90]], [], [["Bo, Jr.", null]]];
    const stream = csvStream(["Name", "Score"], async () => batches.shift() ?? null);
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(`${UTF8_BOM}Name,Score\r\nAnn,90\r\n"Bo, Jr.",\r\n`);
  });
});

describe("lead search and filters", () => {
  it("takes % _ and \\ literally in a search", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });

  it("reads the query string's filters, blanks meaning none", () => {
    expect(leadFilterSchema.parse({ q: " ann ", campaign: "", status: "won", sort: "" })).toEqual({
      q: "ann",
      status: "won",
      sort: "date",
    });
    expect(leadFilterSchema.safeParse({ status: "converted" }).success).toBe(false);
    expect(leadFilterQuery({ q: "a b", sort: "score" }, { cursor: "x" })).toBe(
      "q=a+b&sort=score&cursor=x",
    );
  });

  it("has a workflow that reaches won and lost from new, and never jumps new to won", () => {
    expect(LEAD_TRANSITIONS.new).not.toContain("won");
    expect(LEAD_TRANSITIONS.qualified).toContain("won");
    for (const next of Object.values(LEAD_TRANSITIONS)) expect(next.length).toBeGreaterThan(0);
  });
});

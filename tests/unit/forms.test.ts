// Every form in the app posts: a form without method="post" whose JavaScript has not run
// (a dev origin Next blocks, a slow network, an error) submits as a GET, putting its fields
// (a password) in the URL, the history and the server logs. Only a search or filter form
// (inside <search>) is a GET on purpose.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";

async function tsxFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".tsx"))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Each opening tag from `<form` to its closing `>` (an arrow's `=>` does not close it), and
 * whether it sits inside a `<search>` element.
 */
function openingTags(source: string): { tag: string; inSearch: boolean }[] {
  const tags: { tag: string; inSearch: boolean }[] = [];
  for (const match of source.matchAll(/<form\b/g)) {
    let end = match.index + 5;
    while (end < source.length && !(source[end] === ">" && source[end - 1] !== "=")) end++;
    const before = source.slice(0, match.index);
    const inSearch = before.lastIndexOf("<search>") > before.lastIndexOf("</search>");
    tags.push({ tag: source.slice(match.index, end + 1), inSearch });
  }
  return tags;
}

it('gives every <form> in app/ and components/ method="post" (or GET for a search)', async () => {
  const files = [...(await tsxFiles("app")), ...(await tsxFiles("components"))];
  const forms: { file: string; tag: string; inSearch: boolean }[] = [];
  for (const file of files) {
    for (const t of openingTags(await readFile(file, "utf8"))) forms.push({ file, ...t });
  }
  expect(forms.length).toBeGreaterThan(0);
  // A form whose action is a function (a server action) is posted by React itself: it renders
  // method="POST" and warns when a method is given as well.
  // A search or filter form reads only: it is a GET (its URL is the view, shareable) inside a
  // <search> element. Nothing else may submit by GET.
  for (const { file, tag, inSearch } of forms) {
    if (/\bmethod="get"/.test(tag))
      expect(inSearch, `${file}: a GET form outside <search>`).toBe(true);
    else expect(tag, file).toMatch(/\bmethod="post"|\baction=\{/);
  }
});

// Authorization sweep over every admin (and instructor) page and route handler, discovered from
// the file system at run time: app/admin/**/page.tsx and route.ts, app/instructor/** likewise.
// A new admin page is covered the moment its file exists; nobody has to add it to a list.
//
// For each route: an anonymous visitor ends on /sign-in (proxy.ts does that); an anonymous visitor
// with a forged session cookie (which gets past proxy.ts) is still sent to /sign-in by the page
// itself; a student and (for admin routes) an instructor get 403 and never the admin content; the
// roles that are allowed get 200 (positive control).
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ADMIN, INSTRUCTOR, STUDENT, database, signIn } from "./helpers";

// What exists today; discovery finding fewer means it broke (or pages were removed: lower these).
const MIN_ADMIN_PAGES = 9;
const MIN_INSTRUCTOR_PAGES = 1;

type Role = "student" | "instructor" | "admin";
const ACCOUNTS: Record<Role, string> = { student: STUDENT, instructor: INSTRUCTOR, admin: ADMIN };

type Route = {
  /** app/… file that defines it. */
  file: string;
  /** URL pattern as Next reports it: groups stripped, dynamic segments kept ("/admin/sessions/[id]"). */
  pattern: string;
  segments: string[];
  handler: boolean; // route.ts (an HTTP handler) rather than a page
  dynamic: boolean;
  area: "admin" | "instructor";
};

// ---------------------------------------------------------------- discovery

const ROOT = process.cwd();

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function discover(area: Route["area"]): Route[] {
  return walk(path.join(ROOT, "app", area))
    .filter((file) => /^(page|route)\.(tsx|ts|jsx|js|mdx)$/.test(path.basename(file)))
    .map((file) => {
      const rel = path.relative(path.join(ROOT, "app"), file).split(path.sep);
      const segments = rel
        .slice(0, -1)
        // Route groups "(x)" and parallel-route slots "@x" are not part of the URL.
        .filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
      return {
        file: `app/${rel.join("/")}`,
        pattern: `/${segments.join("/")}`,
        segments,
        handler: path.basename(file).startsWith("route."),
        dynamic: segments.some((s) => s.startsWith("[")),
        area,
      };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

const adminRoutes = discover("admin");
const instructorRoutes = discover("instructor");
const allRoutes = [...adminRoutes, ...instructorRoutes];

const allowed = (route: Route): Role[] => (route.area === "admin" ? ["admin"] : ["instructor", "admin"]);
const refused = (route: Route): Role[] => (route.area === "admin" ? ["student", "instructor"] : ["student"]);

/** URL with every dynamic segment replaced by a random uuid (not found for anyone, at best). */
const randomUrl = (route: Route) => `/${route.segments.map((s) => (s.startsWith("[") ? randomUUID() : s)).join("/")}`;

/**
 * Real values for dynamic segments: where the segment before a dynamic one names a table
 * ("/admin/sessions/[id]" → an id from `sessions`), or else a link to the route that the admin
 * finds on the static pages ("/admin/users" links to "/admin/students/<id>"). Null when neither.
 */
let realIds: Map<string, string>;
const linked = new Map<string, string>();
function realUrl(route: Route): string | null {
  const fromLinks = linked.get(route.pattern);
  const parts: string[] = [];
  for (const [i, s] of route.segments.entries()) {
    if (!s.startsWith("[")) {
      parts.push(s);
      continue;
    }
    const id = realIds.get(route.segments[i - 1] ?? "");
    if (!id) return fromLinks ?? null;
    parts.push(id);
  }
  return `/${parts.join("/")}`;
}

/** "/admin/catalog/[kind]/[id]" → a regex for a path of that shape. */
function patternRegex(route: Route): RegExp {
  const body = route.segments
    .map((s) => (s.startsWith("[[...") ? ".*" : s.startsWith("[...") ? ".+" : s.startsWith("[") ? "[^/?#]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^/${body}$`);
}

/** The URLs to try: the static URL, or for dynamic routes a random one and (if found) a real one. */
function urlsFor(route: Route): { url: string; real: boolean }[] {
  if (!route.dynamic) return [{ url: route.pattern, real: true }];
  const real = realUrl(route);
  return [{ url: randomUrl(route), real: false }, ...(real ? [{ url: real, real: true }] : [])];
}

// ---------------------------------------------------------------- sessions

const storage = new Map<Role, Awaited<ReturnType<BrowserContext["storageState"]>>>();

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  // One real sign-in per role; every test below reuses it.
  for (const role of Object.keys(ACCOUNTS) as Role[]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, ACCOUNTS[role]);
    storage.set(role, await context.storageState());
    await context.close();
  }
  // Real ids for dynamic segments whose parent segment names a table with an id column.
  realIds = new Map();
  const sql = database();
  try {
    // The seed has no payments: give /admin/payments/[id] a real row so its positive control runs.
    await sql`INSERT INTO payments (user_id, method, amount_cents, product_id, item_name)
      SELECT u.id, 'payfast', p.price_cents, p.id, p.name FROM users u, products p
      WHERE u.email = 'thandi@classbook.demo' AND NOT EXISTS (SELECT 1 FROM payments) LIMIT 1`;
    const parents = [...new Set(allRoutes.flatMap((r) => r.segments.flatMap((s, i) => (s.startsWith("[") && i > 0 ? [r.segments[i - 1]!] : []))))];
    for (const table of parents) {
      const [exists] = await sql`
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ${table} AND column_name = 'id'`;
      if (!exists) continue;
      const [row] = await sql<{ id: string }[]>`SELECT id::text AS id FROM ${sql(table)} ORDER BY id LIMIT 1`;
      if (row) realIds.set(table, row.id);
    }
  } finally {
    await sql.end();
  }
  // Links the admin (who sees everything) finds on the static pages, for the other dynamic routes.
  const context = await browser.newContext({ storageState: storage.get("admin")! });
  const page = await context.newPage();
  const dynamicRoutes = allRoutes.filter((r) => r.dynamic);
  const staticPatterns = new Set(allRoutes.filter((r) => !r.dynamic).map((r) => r.pattern));
  for (const route of allRoutes.filter((r) => !r.dynamic && !r.handler)) {
    await page.goto(route.pattern);
    const hrefs = await page.locator("a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    for (const href of hrefs) {
      const pathname = href.split(/[?#]/)[0]!;
      if (staticPatterns.has(pathname)) continue; // "/admin/sessions/new" is its own page, not [id]
      for (const dyn of dynamicRoutes) if (!linked.has(dyn.pattern) && patternRegex(dyn).test(pathname)) linked.set(dyn.pattern, pathname);
    }
  }
  await context.close();
});

async function contextAs(browser: Browser, who: Role | "anonymous" | "forged"): Promise<BrowserContext> {
  if (who === "anonymous") return browser.newContext();
  if (who === "forged") {
    const context = await browser.newContext();
    // A cookie that merely exists gets past proxy.ts; the page or handler must still refuse.
    const baseURL = test.info().project.use.baseURL!;
    await context.addCookies([{ name: "authjs.session-token", value: `forged-${randomUUID()}`, url: baseURL }]);
    return context;
  }
  return browser.newContext({ storageState: storage.get(who)! });
}

const signInUrl = /\/sign-in(\?|$)/;
const forbiddenHeading = (page: Page) => page.getByRole("heading", { name: "You do not have access to this page" });
const adminNav = (page: Page) => page.getByRole("navigation", { name: "Admin" });

/** A handler's answer to someone who may not have it: never 2xx, never its payload. */
function expectHandlerRefused(response: APIResponse, how: string) {
  const status = response.status();
  const location = response.headers()["location"] ?? "";
  const refusedStatus = [401, 403, 404].includes(status) || (status >= 300 && status < 400 && signInUrl.test(location));
  expect(refusedStatus, `${how}: got ${status} ${location}`).toBe(true);
}

// ---------------------------------------------------------------- the sweep

test("discovery finds the admin and instructor pages, all present in the build under test", () => {
  const pages = (routes: Route[]) => routes.filter((r) => !r.handler);
  expect(pages(adminRoutes).length, adminRoutes.map((r) => r.pattern).join(", ")).toBeGreaterThanOrEqual(MIN_ADMIN_PAGES);
  expect(pages(instructorRoutes).length).toBeGreaterThanOrEqual(MIN_INSTRUCTOR_PAGES);
  // The suite runs against .next; a route missing there would 404 for everyone and prove nothing.
  const manifest = path.join(ROOT, ".next/app-path-routes-manifest.json");
  const built = new Set(Object.values(JSON.parse(readFileSync(manifest, "utf8")) as Record<string, string>));
  const missing = allRoutes.filter((r) => !built.has(r.pattern)).map((r) => r.file);
  expect(missing, "not in the production build (.next is stale: remove .next/BUILD_ID so the suite rebuilds)").toEqual([]);
});

for (const route of allRoutes) {
  test.describe(`${route.handler ? "handler" : "page"} ${route.pattern}`, () => {
    test("anonymous: sent to sign in", async ({ browser }) => {
      const context = await contextAs(browser, "anonymous");
      const page = await context.newPage();
      for (const { url } of urlsFor(route)) {
        if (route.handler) {
          expectHandlerRefused(await page.request.get(url, { maxRedirects: 0 }), `anonymous GET ${url}`);
        } else {
          await page.goto(url);
          await expect(page, url).toHaveURL(signInUrl);
          await expect(adminNav(page)).toHaveCount(0);
        }
      }
      await context.close();
    });

    test("anonymous with a forged session cookie (past proxy.ts): refused by the route itself", async ({ browser }) => {
      const context = await contextAs(browser, "forged");
      const page = await context.newPage();
      for (const { url } of urlsFor(route)) {
        if (route.handler) {
          const response = await page.request.get(url, { maxRedirects: 0 });
          expectHandlerRefused(response, `forged-cookie GET ${url}`);
        } else {
          await page.goto(url);
          await expect(page, url).toHaveURL(signInUrl);
          await expect(adminNav(page)).toHaveCount(0);
        }
      }
      await context.close();
    });

    for (const role of refused(route)) {
      test(`${role}: 403, never the content`, async ({ browser }) => {
        const context = await contextAs(browser, role);
        const page = await context.newPage();
        for (const { url, real } of urlsFor(route)) {
          if (route.handler) {
            const response = await page.request.get(url, { maxRedirects: 0 });
            if (real) expect(response.status(), `${role} GET ${url}`).toBe(403);
            else expectHandlerRefused(response, `${role} GET ${url}`);
            continue;
          }
          const response = await page.goto(url);
          const status = response?.status();
          // A random id may be answered "not found" instead; a real id or a static page must be 403.
          if (real) expect(status, `${role} ${url}`).toBe(403);
          else expect([403, 404], `${role} ${url}: got ${status}`).toContain(status);
          await expect(page, `${role} ${url} must not be redirected away and succeed elsewhere`).not.toHaveURL(signInUrl);
          if (status === 403) await expect(forbiddenHeading(page)).toBeVisible();
          await expect(adminNav(page), `${role} ${url} shows the admin navigation`).toHaveCount(0);
        }
        await context.close();
      });
    }

    for (const role of allowed(route)) {
      test(`${role}: allowed (positive control)`, async ({ browser }) => {
        const context = await contextAs(browser, role);
        const page = await context.newPage();
        const real = urlsFor(route).filter((u) => u.real);
        expect(real.length, `a real value for the dynamic segments of ${route.pattern}`).toBeGreaterThan(0);
        for (const { url } of real) {
          if (route.handler) {
            expect((await page.request.get(url, { maxRedirects: 0 })).status(), `${role} GET ${url}`).toBe(200);
            continue;
          }
          const response = await page.goto(url);
          expect(response?.status(), `${role} ${url}`).toBe(200);
          await expect(page).toHaveURL(new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\?|$)`));
          await expect(forbiddenHeading(page)).toHaveCount(0);
          if (route.area === "admin") await expect(adminNav(page)).toBeVisible();
        }
        await context.close();
      });
    }
  });
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import postgres from "postgres";

export const DEMO_PASSWORD = "classbook-demo";
export const ADMIN = "admin@classbook.demo";
export const INSTRUCTOR = "instructor@classbook.demo";
export const STUDENT = "thandi@classbook.demo";

/** A direct connection to the suite's database, for checking what a flow wrote. */
export function database() {
  const port = process.env.E2E_PORT ?? "3100";
  const url = readFileSync(path.join(process.cwd(), `e2e/.state/db-url-${port}`), "utf8").trim();
  return postgres(url, { max: 2, onnotice: () => {} });
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByTestId("signed-in-as")).toBeAttached();
}

export async function signOut(page: Page) {
  const menu = page.locator("summary", { hasText: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Sign out" }).locator("visible=true").first().click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeAttached();
}

/**
 * Full-page screenshots for looking at what we built, one per viewport. They are pictures for
 * people, not assertions: Chromium's full-page capture now and then refuses with "Unable to
 * capture screenshot" (a compositor hiccup, seen once in CI on a plain page), so it is tried again
 * after the next frames, and a last refusal keeps the visible part instead of failing the test.
 */
export async function snap(page: Page, name: string) {
  const project = (page.context() as unknown as { _options?: { viewport?: { width: number } } })._options?.viewport?.width;
  const file = `test-results/screens/${name}-${project ?? "w"}.png`;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await page.screenshot({ path: file, fullPage: true });
      return;
    } catch (error) {
      if (!String(error).includes("Unable to capture screenshot")) throw error;
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    }
  }
  console.warn(`[snap] ${name}: full-page capture refused three times; kept the viewport only`);
  await page.screenshot({ path: file });
}

/** No element may be wider than the viewport (no sideways scrolling on phones). */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The page's own alert (Next.js adds an empty route announcer with the same role). */
export function formAlert(page: Page) {
  return page.getByRole("alert").filter({ hasText: /\S/ });
}

/** A brand-new student, signed in, so tests never share purchases. */
export async function signUpStudent(page: Page, name = "Test Student") {
  const email = uniqueEmail("student");
  await page.goto("/sign-up");
  await hydrated(page);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a long test password");
  await page.getByLabel("Confirm password").fill("a long test password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return email;
}

/**
 * Waits until React has hydrated the page (set by components/hydration-marker.tsx). Only
 * meaningful after a full page load (goto/reload): client navigations keep the old marker.
 */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

import { expect, test } from "@playwright/test";
import { ADMIN, formAlert, DEMO_PASSWORD, INSTRUCTOR, STUDENT, database, expectNoHorizontalScroll, signIn, signOut, snap, uniqueEmail } from "./helpers";

test.describe("accounts", () => {
  test("sign up, sign out, sign in again @mobile", async ({ page }) => {
    const email = uniqueEmail("newbie");
    await page.goto("/sign-up");
    await snap(page, "sign-up");
    await expectNoHorizontalScroll(page);
    await page.getByLabel("Your name").fill("Nomsa Newbie");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("a good long password");
    await page.getByLabel("Confirm password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Hello, Nomsa" })).toBeVisible();
    await snap(page, "student-home");
    await expectNoHorizontalScroll(page);

    await signOut(page);
    await signIn(page, email, "a good long password");
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("sign-up form explains each bad field and keeps what was typed", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Lerato");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("different");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
    await expect(page.getByLabel("Your name")).toHaveValue("Lerato");
    await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
    // Passwords are never sent back to the browser.
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  });

  test("signing up with a taken email says so, whatever its letter case", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Copy Cat");
    await page.getByLabel("Email").fill(STUDENT.toUpperCase());
    await page.getByLabel("Password", { exact: true }).fill("another long password");
    await page.getByLabel("Confirm password").fill("another long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("An account with this email already exists")).toBeVisible();
    const sql = database();
    const [row] = await sql`select count(*)::int as n from users where lower(email) = ${STUDENT}`;
    await sql.end();
    expect(row?.n).toBe(1);
  });

  test("a wrong password gets a clear message and no session", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("sipho@classbook.demo");
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("That email and password do not match an account.");
    await expect(page.getByLabel("Email")).toHaveValue("sipho@classbook.demo");
    await snap(page, "sign-in-error");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard/);
  });

  test("repeated wrong passwords lock the account for a while", async ({ page }) => {
    const email = uniqueEmail("locked");
    const sql = database();
    // A fresh account, so the lock does not disturb other tests.
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Locked Out");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("the right password");
    await page.getByLabel("Confirm password").fill("the right password");
    await page.getByRole("button", { name: "Create account" }).click();
    await signOut(page);
    for (let i = 0; i < 5; i++) {
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`wrong ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(formAlert(page)).toContainText("do not match");
    }
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("the right password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toContainText("Too many failed sign-in attempts");
    const [row] = await sql`select failures from auth_rate_limits where key = ${`signin:account:${email}`}`;
    await sql.end();
    expect(row?.failures).toBe(5);
  });

  test("reset a forgotten password with the emailed link, once", async ({ page }) => {
    const email = uniqueEmail("forgetful");
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Forgetful Fikile");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("my old password");
    await page.getByLabel("Confirm password").fill("my old password");
    await page.getByRole("button", { name: "Create account" }).click();
    await signOut(page);

    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    // Both pages have an "Email" field: wait for the new page before typing.
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status")).toContainText(`If an account exists for ${email}`);

    // Demo mode: the email lands in the development outbox.
    await page.getByRole("link", { name: "development outbox" }).click();
    const mail = page.locator("li", { hasText: email }).first();
    const body = await mail.getByTestId("outbox-body").innerText();
    const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(body)?.[0];
    expect(link).toBeTruthy();

    await page.goto(link!);
    await page.getByLabel("New password", { exact: true }).fill("my brand new password");
    await page.getByLabel("Confirm new password").fill("my brand new password");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText("Your password has been changed")).toBeVisible();
    await signIn(page, email, "my brand new password");
    await signOut(page);

    await page.goto(link!);
    await expect(page.getByText("This reset link has expired or was already used.")).toBeVisible();
  });
});

test.describe("roles", () => {
  const adminPages = ["/admin"];

  test("a student is refused on every admin page @mobile", async ({ page }) => {
    await signIn(page, STUDENT);
    for (const path of adminPages) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    }
    await snap(page, "forbidden");
  });

  test("pages refuse visitors themselves, without relying on proxy.ts", async ({ page, context }) => {
    // A cookie that merely exists gets past proxy.ts; the page must still refuse.
    await context.addCookies([{ name: "authjs.session-token", value: "forged", url: "http://localhost" }]);
    for (const path of [...adminPages, "/instructor", "/dashboard", "/account"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    }
  });

  test("the admin reaches the admin home @mobile", async ({ page }) => {
    await signIn(page, ADMIN);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await snap(page, "admin-home");
    await expectNoHorizontalScroll(page);
  });

  test("an instructor lands on their sessions and cannot open admin pages", async ({ page }) => {
    await signIn(page, INSTRUCTOR);
    await expect(page).toHaveURL(/\/instructor$/);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
  });

  test("changing a password ends the user's other sessions", async ({ browser }) => {
    const email = uniqueEmail("two-devices");
    const phone = await browser.newPage();
    await phone.goto("/sign-up");
    await phone.getByLabel("Your name").fill("Two Devices");
    await phone.getByLabel("Email").fill(email);
    await phone.getByLabel("Password", { exact: true }).fill("first password!");
    await phone.getByLabel("Confirm password").fill("first password!");
    await phone.getByRole("button", { name: "Create account" }).click();
    await expect(phone).toHaveURL(/\/dashboard$/);

    const laptop = await browser.newPage();
    await signIn(laptop, email, "first password!");

    await phone.goto("/account");
    await phone.getByLabel("Current password").fill("first password!");
    await phone.getByLabel("New password", { exact: true }).fill("second password!");
    await phone.getByLabel("Confirm new password").fill("second password!");
    await phone.getByRole("button", { name: "Change password" }).click();
    await expect(phone.getByText("Password changed. You have been signed out everywhere else.")).toBeVisible();

    // The phone that changed it stays signed in; the laptop is signed out.
    await phone.goto("/dashboard");
    await expect(phone).toHaveURL(/\/dashboard$/);
    await laptop.goto("/dashboard");
    await expect(laptop).toHaveURL(/\/sign-in/);
    await phone.close();
    await laptop.close();
  });
});

test("404 page for unknown addresses", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the demo accounts all sign in", async ({ page }) => {
  for (const [email, home] of [
    [ADMIN, /\/admin$/],
    [INSTRUCTOR, /\/instructor$/],
    [STUDENT, /\/dashboard$/],
  ] as const) {
    await signIn(page, email, DEMO_PASSWORD);
    await expect(page).toHaveURL(home);
    await signOut(page);
  }
});

import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, INSTRUCTOR, database, expectNoHorizontalScroll, hydrated, signIn, signOut, signUpStudent, snap } from "./helpers";

/** "YYYY-MM-DDTHH:mm" in Johannesburg time, `days` from now, for datetime-local inputs. */
function localInput(days: number, hour: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Johannesburg", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  return `${day}T${String(hour).padStart(2, "0")}:00`;
}

async function createSession(admin: Page, title: string, capacity: number) {
  await admin.goto("/admin/sessions/new");
  await hydrated(admin);
  await admin.getByLabel("Title").fill(title);
  await admin.getByLabel("Description").fill("Hands-on practice in a small group.");
  await admin.getByLabel("In person").check();
  await admin.getByLabel("Location").fill("Classbook Studio, Cape Town");
  await admin.getByLabel("Ivan Instructor").check();
  await admin.getByLabel("Nandi Instructor").check();
  await admin.getByRole("button", { name: "Create session" }).click();
  await expect(admin.getByText("Session saved.")).toBeVisible();
  await admin.getByLabel(/^Start/).fill(localInput(5, 10));
  await admin.getByLabel(/^End/).fill(localInput(5, 11));
  await admin.getByLabel("Seats").first().fill(String(capacity));
  await admin.getByLabel("Repeat weekly for (weeks)").fill("2");
  await admin.getByRole("button", { name: "Add slots" }).click();
  await expect(admin.getByText("2 slots added.")).toBeVisible();
  return admin.url();
}

test("an admin creates a session with two instructors and weekly slots; bad slot input is explained", async ({ page }) => {
  await signIn(page, ADMIN);
  const title = `Budget Workshop ${Math.random().toString(36).slice(2, 7)}`;
  await createSession(page, title, 8);
  await expect(page.getByTestId("admin-slot")).toHaveCount(2);
  await snap(page, "admin-session");

  // Inverted times and zero seats are refused next to their fields, nothing is added.
  await page.getByLabel(/^Start/).fill(localInput(9, 12));
  await page.getByLabel(/^End/).fill(localInput(9, 11));
  await page.getByLabel("Seats").first().fill("0");
  await page.getByRole("button", { name: "Add slots" }).click();
  await expect(page.getByText("A slot needs at least 1 seat.")).toBeVisible();
  await page.getByLabel("Seats").first().fill("5");
  await page.getByRole("button", { name: "Add slots" }).click();
  await expect(page.getByText("The end must be after the start.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("admin-slot")).toHaveCount(2);

  const sql = database();
  const [row] = await sql`select count(*)::int as n from session_instructors si join sessions s on s.id = si.session_id where s.title = ${title}`;
  await sql.end();
  expect(row?.n).toBe(2);
});

test("a student books, downloads the calendar file and cancels @mobile", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  const title = `Spreadsheet Lab ${Math.random().toString(36).slice(2, 7)}`;
  await createSession(admin, title, 4);
  await admin.close();

  await signUpStudent(page, "Booker Bongani");
  await page.goto("/sessions");
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await expect(page.getByTestId("seats-left").first()).toHaveText("4 of 4 seats left");
  await snap(page, "session-page");
  await expectNoHorizontalScroll(page);
  await page.getByRole("button", { name: "Book this slot" }).first().click();
  await expect(page.getByRole("link", { name: /You're booked/ })).toBeVisible();
  await expect(page.getByTestId("seats-left").first()).toHaveText("3 of 4 seats left");

  await page.goto("/bookings");
  const booking = page.getByTestId("booking").filter({ hasText: title });
  await expect(booking).toHaveCount(1);
  await snap(page, "my-bookings");
  const downloadPromise = page.waitForEvent("download");
  await booking.getByRole("link", { name: "Add to calendar (.ics)" }).click();
  const ics = readFileSync((await (await downloadPromise).path()), "utf8");
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain(`SUMMARY:${title}`);

  await booking.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByTestId("booking").filter({ hasText: title })).toHaveCount(0);
  await expect(page.getByTestId("past-booking").filter({ hasText: title })).toContainText("Cancelled");
});

test("a student moves a booking to the session's other time, keeping the seat until the new one is theirs @mobile", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  const title = `Watercolour Studio ${Math.random().toString(36).slice(2, 7)}`;
  await createSession(admin, title, 3);
  await admin.close();

  await signUpStudent(page, "Mover Mpho");
  await page.goto("/sessions");
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await page.getByRole("button", { name: "Book this slot" }).first().click();
  await expect(page.getByRole("link", { name: /You're booked/ })).toBeVisible();

  await page.goto("/bookings");
  await page.getByTestId("booking").filter({ hasText: title }).getByRole("link", { name: "Change the time" }).click();
  await expect(page.getByRole("heading", { name: "Change the time" })).toBeVisible();
  const movePage = new URL(page.url()).pathname;
  const option = page.getByTestId("move-option");
  await expect(option).toHaveCount(1);
  await expect(option).toContainText("3 of 3 seats left");
  const newTime = (await option.locator("p").first().textContent())!;
  await snap(page, "move-booking");
  await expectNoHorizontalScroll(page);
  // A tampered time id is answered next to the button, and nothing moves.
  await hydrated(page);
  await option.locator('input[name="slotId"]').evaluate((input: HTMLInputElement) => (input.value = "not-a-slot"));
  await option.getByRole("button", { name: "Move here" }).click();
  await expect(option.getByText("Choose a new time.")).toBeVisible();
  await page.reload();
  await expect(option).toContainText("3 of 3 seats left");
  await hydrated(page);
  await option.getByRole("button", { name: "Move here" }).click();
  // The page renders again after the move and says where the booking went.
  await expect(page.getByText(/is now on/)).toContainText(newTime);
  await snap(page, "move-booking-done");

  await page.goto("/bookings");
  const booking = page.getByTestId("booking").filter({ hasText: title });
  await expect(booking).toHaveCount(1);
  await expect(booking).toContainText(newTime);
  await expect(page.getByTestId("past-booking").filter({ hasText: title })).toContainText("Moved to another time");
  await page.goto("/activity");
  await expect(page.getByTestId("timeline-entry").filter({ hasText: `Moved ${title} from` })).toHaveCount(1);

  // The seat left behind is free again; the new time has one seat fewer.
  await page.goto("/sessions");
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await expect(page.getByTestId("seats-left")).toHaveText(["3 of 3 seats left", "2 of 3 seats left"]);

  // Another student cannot see or move this booking.
  await signOut(page);
  await signUpStudent(page, "Stranger Sipho");
  const response = await page.goto(movePage);
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Watercolour Studio")).toHaveCount(0);
});

test("a student already booked at that time is told which booking clashes, and nothing is booked @mobile", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  const suffix = Math.random().toString(36).slice(2, 7);
  const first = `Pottery Basics ${suffix}`;
  const second = `Glaze Theory ${suffix}`;
  // Both sessions get their slots at the same times (day 5 and day 12, 10:00–11:00).
  await createSession(admin, first, 4);
  await createSession(admin, second, 4);
  await admin.close();

  await signUpStudent(page, "Overlap Olwethu");
  await page.goto("/sessions");
  await page.getByRole("link", { name: new RegExp(first) }).click();
  await page.getByRole("button", { name: "Book this slot" }).first().click();
  await expect(page.getByRole("link", { name: /You're booked/ })).toBeVisible();

  await page.goto("/sessions");
  await page.getByRole("link", { name: new RegExp(second) }).click();
  await page.getByRole("button", { name: "Book this slot" }).first().click();
  await expect(page.getByText(new RegExp(`You already have a booking at that time: ${first} on`))).toBeVisible();
  await expect(page.getByTestId("seats-left").first()).toHaveText("4 of 4 seats left");
  await snap(page, "booking-overlap");
  await expectNoHorizontalScroll(page);

  await page.goto("/bookings");
  await expect(page.getByTestId("booking").filter({ hasText: first })).toHaveCount(1);
  await expect(page.getByTestId("booking").filter({ hasText: second })).toHaveCount(0);
});

test("a full slot offers the waitlist; a cancellation promotes the next student", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  const title = `Tiny Clinic ${Math.random().toString(36).slice(2, 7)}`;
  await createSession(admin, title, 1);
  await admin.close();

  const first = await browser.newPage();
  await signUpStudent(first, "First Fezile");
  await first.goto("/sessions");
  await first.getByRole("link", { name: new RegExp(title) }).click();
  await first.getByRole("button", { name: "Book this slot" }).first().click();
  await expect(first.getByRole("link", { name: /You're booked/ })).toBeVisible();

  await signUpStudent(page, "Second Sindi");
  await page.goto("/sessions");
  await page.getByRole("link", { name: new RegExp(title) }).click();
  const slot = page.getByTestId("slot").first();
  await expect(slot.getByTestId("seats-left")).toHaveText("Full");
  await slot.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(slot.getByText("You are on the waitlist")).toBeVisible();

  await first.goto("/bookings");
  await first.getByTestId("booking").filter({ hasText: title }).getByRole("button", { name: "Cancel booking" }).click();
  await expect(first.getByTestId("past-booking").filter({ hasText: title })).toContainText("Cancelled");
  await first.close();

  await page.goto("/bookings");
  const offer = page.getByTestId("waitlist-entry").filter({ hasText: title });
  await expect(offer).toContainText("A seat is held for you until");
  await snap(page, "waitlist-offer");
  await offer.getByRole("button", { name: "Take the seat" }).click();
  await expect(page.getByTestId("booking").filter({ hasText: title })).toHaveCount(1);
  await expect(page.getByTestId("waitlist-entry")).toHaveCount(0);
});

test("an instructor sees the roster and marks attendance", async ({ page }) => {
  // A slot that has started, with one booking, in a seeded session Ivan teaches.
  const sql = database();
  const [session] = await sql<{ id: string }[]>`select s.id from sessions s join session_instructors si on si.session_id = s.id
    join users u on u.id = si.instructor_id where u.email = ${INSTRUCTOR} and s.course_id is null order by s.title limit 1`;
  const [student] = await sql<{ id: string; name: string }[]>`select id, name from users where email = 'sipho@classbook.demo'`;
  const [slot] = await sql<{ id: string }[]>`insert into slots (session_id, starts_at, ends_at, capacity)
    values (${session!.id}, now() - interval '30 minutes', now() + interval '30 minutes', 5) returning id`;
  await sql`insert into slot_enrolled (slot_id, session_id, user_id) values (${slot!.id}, ${session!.id}, ${student!.id})`;

  await signIn(page, INSTRUCTOR);
  const entry = page.getByTestId("roster-entry").filter({ hasText: String(student!.name) });
  await expect(entry.first()).toBeVisible();
  await snap(page, "instructor-roster");
  const attended = entry.first().getByRole("button", { name: `Attended: ${String(student!.name)}` });
  await expect(attended).toHaveAttribute("aria-pressed", "false");
  await attended.click();
  await expect(attended).toHaveAttribute("aria-pressed", "true");
  const [row] = await sql`select status from slot_enrolled where slot_id = ${slot!.id}`;
  await sql.end();
  expect(row?.status).toBe("attended");
  await signOut(page);
});

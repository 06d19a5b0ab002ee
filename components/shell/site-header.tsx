import Link from "next/link";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { signOutAction } from "@/app/(auth)/actions";
import { unreadAdminCount } from "@/lib/notifications/queries";

// `more` links only show in the phone menu; on wide screens the student home links to them.
type NavLink = { href: string; label: string; more?: boolean };

function linksFor(user: CurrentUser | null): NavLink[] {
  const catalog: NavLink[] = [
    { href: "/courses", label: "Courses" },
    { href: "/products", label: "Products" },
    { href: "/sessions", label: "Sessions" },
  ];
  if (!user) return catalog;
  switch (user.role) {
    case "super_admin":
      return [...catalog, { href: "/admin", label: "Admin" }, { href: "/account", label: "Account" }];
    case "instructor":
      return [...catalog, { href: "/instructor", label: "My sessions" }, { href: "/account", label: "Account" }];
    case "student":
      return [
        ...catalog,
        { href: "/dashboard", label: "My Classbook" },
        { href: "/library", label: "My library", more: true },
        { href: "/bookings", label: "My bookings" },
        { href: "/payments", label: "My payments", more: true },
        { href: "/activity", label: "My activity", more: true },
        { href: "/account", label: "Account" },
      ];
  }
}

function SignOutButton({ className }: { className: string }) {
  return (
    <form action={signOutAction}>
      <button type="submit" className={className}>
        Sign out
      </button>
    </form>
  );
}

export async function SiteHeader() {
  const user = await getCurrentUser();
  const links = linksFor(user);
  const unread = user?.role === "super_admin" ? await unreadAdminCount() : null;
  const bell =
    unread === null ? null : (
      <Link
        href="/admin/notifications"
        aria-label={`Notifications, ${unread} unread`}
        className="relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg text-slate-700 hover:bg-slate-100"
        data-testid="notification-bell"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0" />
        </svg>
        {unread > 0 ? (
          <span className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-bold text-white" data-testid="unread-count">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </Link>
    );
  const linkClass = "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900";
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-bold text-brand-700">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-700 text-sm text-white">
            C
          </span>
          Classbook
        </Link>

        {/* Wide screens: links inline. */}
        <div className="hidden items-center gap-1 lg:flex">
          {links.filter((l) => !l.more).map((l) => (
            <Link key={l.href} href={l.href} className={linkClass}>
              {l.label}
            </Link>
          ))}
          {bell}
          {user ? (
            <>
              <span className="px-2 text-sm text-slate-600" data-testid="signed-in-as">
                {user.name}
              </span>
              <SignOutButton className={linkClass} />
            </>
          ) : (
            <>
              <Link href="/sign-in" className={linkClass}>
                Sign in
              </Link>
              <Link href="/sign-up" className="rounded-lg bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-800">
                Create account
              </Link>
            </>
          )}
        </div>

        {/* Phones: a disclosure menu that needs no JavaScript. */}
        <div className="flex items-center gap-2 lg:hidden">
        {bell}
        <details className="relative">
          <summary className="flex min-h-11 cursor-pointer list-none items-center rounded-lg px-3 text-sm font-semibold text-slate-800 ring-1 ring-slate-300">
            Menu
          </summary>
          <div className="absolute right-0 z-20 mt-2 w-56 rounded-xl bg-white p-2 shadow-lg ring-1 ring-slate-200">
            {user ? <p className="px-3 py-2 text-xs text-slate-600">Signed in as {user.name}</p> : null}
            {links.map((l) => (
              <Link key={l.href} href={l.href} className={`block ${linkClass}`}>
                {l.label}
              </Link>
            ))}
            {user ? (
              <SignOutButton className={`block w-full text-left ${linkClass}`} />
            ) : (
              <>
                <Link href="/sign-in" className={`block ${linkClass}`}>
                  Sign in
                </Link>
                <Link href="/sign-up" className={`block ${linkClass}`}>
                  Create account
                </Link>
              </>
            )}
          </div>
        </details>
        </div>
      </nav>
    </header>
  );
}

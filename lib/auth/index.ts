// Auth.js v5: email + password (credentials) with JWT sessions. The JWT carries only the
// user id and the user's session version; role and status are read from the database on
// every request (lib/auth/current-user.ts), so a role change or password change applies at once.
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { authenticate } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    sessionVersion: number;
  }
  interface User {
    sessionVersion?: number;
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
  }
}

export class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}
export class TooManyAttempts extends CredentialsSignin {
  override code = "rate_limited";
  constructor(public minutes: number) {
    super();
    this.code = `rate_limited:${minutes}`;
  }
}
export class AccountDisabled extends CredentialsSignin {
  override code = "disabled";
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  // Wrong passwords are an expected outcome, not a server error worth a stack trace.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      // A cookie we cannot decrypt (expired secret, tampering) just means "signed out".
      if ((error as { type?: string }).type === "JWTSessionError") {
        console.warn("[auth] ignored an unreadable session cookie");
        return;
      }
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const result = await authenticate(
          {
            email: typeof credentials.email === "string" ? credentials.email : "",
            password: typeof credentials.password === "string" ? credentials.password : "",
          },
          request.headers,
        );
        if (result.ok) return result.user;
        if (result.reason === "rate_limited") throw new TooManyAttempts(result.minutes);
        if (result.reason === "disabled") throw new AccountDisabled();
        throw new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 0;
      } else if (trigger === "update" && token.uid) {
        // After this user's own password change: keep this session, end the others.
        const [row] = await db
          .select({ sv: users.sessionVersion })
          .from(users)
          .where(eq(users.id, token.uid));
        if (row) token.sv = row.sv;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid) session.user.id = token.uid;
      session.sessionVersion = token.sv ?? -1;
      return session;
    },
  },
}));

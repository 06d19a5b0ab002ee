"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userRole } from "@/db/schema";
import { adminAction } from "@/lib/actions/action";
import { changeRole, setDisabled } from "@/lib/admin/users";

export const changeRoleAction = adminAction(
  z.object({ userId: z.uuid(), role: z.enum(userRole.enumValues, { error: "Choose a role." }) }),
  async (input, { user }) => {
    const result = await changeRole(user.id, input.userId, input.role);
    if (!result.ok) return { formError: result.message };
    revalidatePath(`/admin/students/${input.userId}`);
    return { ok: true, message: "Role changed. Their sessions have ended; they sign in again with the new role." };
  },
);

export const setDisabledAction = adminAction(
  z.object({ userId: z.uuid(), disabled: z.enum(["true", "false"]) }),
  async (input, { user }) => {
    const result = await setDisabled(user.id, input.userId, input.disabled === "true");
    if (!result.ok) return { formError: result.message };
    revalidatePath(`/admin/students/${input.userId}`);
    return { ok: true, message: input.disabled === "true" ? "Account disabled and signed out." : "Account enabled." };
  },
);

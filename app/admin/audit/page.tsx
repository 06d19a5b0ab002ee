import { DataTable } from "@/components/admin/data-table";
import { PageHeader } from "@/components/ui/card";
import { auditPage, auditParams } from "@/lib/admin/audit-queries";
import { requireRole } from "@/lib/auth/current-user";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Audit trail" };

const json = (v: unknown) => (v ? JSON.stringify(v, null, 1) : "");

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requireRole("super_admin", "/admin/audit");
  const params = auditParams(await searchParams);
  const { rows, total, pages } = await auditPage(params);
  return (
    <>
      <PageHeader title="Audit trail" description="Every admin action: who, what, when, before and after." />
      <DataTable
        base="/admin/audit"
        state={params}
        searchLabel="Search action (e.g. user.role_changed)"
        filters={[{ name: "entity", label: "Record type", options: ["user", "course", "product", "payment", "session", "slot", "mail"].map((v) => ({ value: v, label: v })) }]}
        columns={[
          { key: "created", label: "When", sortable: true },
          { key: "actor", label: "Who" },
          { key: "action", label: "What" },
          { key: "before", label: "Before" },
          { key: "after", label: "After" },
        ]}
        rows={rows.map(({ entry, actorName, actorEmail }) => ({
          id: entry.id,
          cells: [
            formatDateTime(entry.createdAt),
            <span key="a">{actorName ?? "deleted user"}<span className="block text-xs text-slate-600">{actorEmail}</span></span>,
            <span key="w" className="font-mono text-xs">{entry.action}<span className="block text-slate-600">{entry.entityType} {entry.entityId?.slice(0, 8)}</span></span>,
            <pre key="b" className="max-w-xs whitespace-pre-wrap break-words text-xs">{json(entry.before)}</pre>,
            <pre key="f" className="max-w-xs whitespace-pre-wrap break-words text-xs">{json(entry.after)}</pre>,
          ],
        }))}
        total={total}
        pages={pages}
      />
    </>
  );
}

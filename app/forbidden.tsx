import { ButtonLink } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="mt-2 text-3xl font-bold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">This part of Classbook is for another kind of account.</p>
      <ButtonLink href="/" className="mt-6">
        Back to the home page
      </ButtonLink>
    </div>
  );
}

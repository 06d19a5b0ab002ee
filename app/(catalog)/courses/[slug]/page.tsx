import { ItemPage } from "../../item-page";

export default async function CoursePage({ params }: PageProps<"/courses/[slug]">) {
  const { slug } = await params;
  return <ItemPage kind="course" slug={slug} />;
}

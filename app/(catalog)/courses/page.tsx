import { CatalogList } from "../catalog-list";

export const metadata = { title: "Courses" };

export default function CoursesPage() {
  return <CatalogList kind="course" />;
}

import { CatalogList } from "../catalog-list";

export const metadata = { title: "Products" };

export default function ProductsPage() {
  return <CatalogList kind="product" />;
}

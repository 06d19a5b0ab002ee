import { ItemPage } from "../../item-page";

export default async function ProductPage({ params }: PageProps<"/products/[slug]">) {
  const { slug } = await params;
  return <ItemPage kind="product" slug={slug} />;
}

"use client";
import { useEffect } from "react";

/** Marks the page as interactive, so browser tests never act before React has hydrated it. */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}

import type { NextConfig } from "next";

// A static export (out/), served from S3 + CloudFront: no server, no image optimizer.
const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
};

export default config;

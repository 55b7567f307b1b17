/** Launches Debian's Chromium through playwright-core for the browser suites. */
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_PATH } from "./environment";

/** Chromium flags for a headless run that contacts nothing but the local code-server. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Fails every host name lookup, so a page can reach only 127.0.0.1.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/** Starts headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

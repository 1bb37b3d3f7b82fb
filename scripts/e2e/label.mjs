// Drives a real headless Chromium through Label Studio's labelling page: log in, open one task,
// choose the sentence label "claim" instead of the model's "not_claim", submit, take a screenshot.
// usage: node label.mjs URL EMAIL PASSWORD PROJECT_ID TASK_ID SCREENSHOT.png
import { chromium } from "playwright-core";

const [url, email, password, project, task, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}/user/login/`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await page.goto(`${url}/projects/${project}/data?task=${task}`);
  // The sentence label, as a choice of the labelling config.
  // Its text carries a hotkey hint: "claim[0]" (and "not_claim[q]" is the other choice).
  const claim = page.getByText(/^claim(\[\w\])?$/).first();
  await claim.waitFor({ timeout: 60000 });
  await claim.click();
  const submit = page.locator("button", { hasText: /^\s*(Submit|Update)\s*$/ }).first();
  await submit.waitFor({ timeout: 30000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot, fullPage: true });
  await submit.click();
  await page.waitForTimeout(2000);
  console.log("submitted");
} catch (e) {
  // Leave a picture of what the page showed.
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages.length) await pages[0].screenshot({ path: shot.replace(/\.png$/, "-failed.png"), fullPage: true });
  throw e;
} finally {
  await browser.close();
}

// The seed story in a real browser: the /ui page open on "default" while kubectl creates the
// frontend pods and frontend-svc; the page must draw three ready endpoints, answer where a
// connection from outside goes and what DNS says, then show a deleted pod leave and its
// replacement arrive — all from the watch API. Screenshots go to UI_ARTIFACTS.
//
//   MOCKAPI_URL=http://127.0.0.1:PORT UI_ARTIFACTS=dir CHROMIUM=/usr/bin/chromium node seed-story.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = process.env.MOCKAPI_URL;
const artifacts = process.env.UI_ARTIFACTS ?? "artifacts/ui";
const repo = new URL("../../", import.meta.url).pathname;
const timeout = 20_000;
mkdirSync(artifacts, { recursive: true });

const kubectl = (...args) => execFileSync("kubectl", ["--server", base, ...args], { encoding: "utf8", stdio: ["pipe", "pipe", "inherit"] });
const kubectlIn = (input, ...args) => execFileSync("kubectl", ["--server", base, ...args], { input, encoding: "utf8", stdio: ["pipe", "pipe", "inherit"] });
let passed = 0;
const step = async (name, action) => {
  await action();
  passed++;
  console.log(`ok   ${name}`);
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  const readyWires = () => page.locator('#wires path.ready[data-endpoint^="frontend-svc/"]');

  await step("the page opens and its watches go live", async () => {
    await page.goto(`${base}/ui?namespace=default`);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout });
    await page.locator('[data-node="node-1"]').waitFor({ timeout });
  });

  await step("kubectl creates the pods and frontend-svc; three ready endpoints are drawn", async () => {
    kubectl("apply", "-f", join(repo, "samples/seed-story/02-pods.yaml"), "-f", join(repo, "samples/seed-story/03-services.yaml"));
    await page.locator('[data-service="frontend-svc"] [data-ready-count="3"]').waitFor({ timeout });
    await page.waitForFunction(() => document.querySelectorAll('#wires path.ready[data-endpoint^="frontend-svc/"]').length === 3, null, { timeout });
    for (const pod of ["frontend-1", "frontend-2", "frontend-3"])
      await page.locator(`[data-pod="${pod}"][data-ready="true"]`).waitFor({ timeout });
  });

  await step("clicking frontend-svc shows DNS, a route from outside through its NodePort and the node's rules", async () => {
    const clusterIp = kubectl("get", "svc", "frontend-svc", "-o", "jsonpath={.spec.clusterIP}").trim();
    await page.locator('[data-service="frontend-svc"]').click();
    await page.locator(`#dns-result [data-dns-answer="${clusterIp}"]`).waitFor({ timeout });
    await page.locator("#route-source").selectOption({ index: 0 });
    await page.locator('#route-form button[type="submit"]').click();
    await page.locator('#route-result [data-routed="true"]').waitFor({ timeout });
    const verdict = await page.locator('#route-result [data-routed="true"]').textContent();
    if (!/frontend-[123]:5000/.test(verdict)) throw new Error(`the route went to ${verdict}`);
    await page.waitForFunction(() => /KUBE-SVC-/.test(document.getElementById("iptables").textContent), null, { timeout });
    await page.screenshot({ path: join(artifacts, "seed-story.png"), fullPage: true });
  });

  await step("a deleted pod leaves the picture and its replacement joins the endpoints", async () => {
    kubectl("delete", "pod", "frontend-1", "--wait=false");
    await page.locator('[data-pod="frontend-1"]').waitFor({ state: "detached", timeout });
    await page.waitForFunction(() => document.querySelectorAll('#wires path[data-endpoint^="frontend-svc/"]').length === 2, null, { timeout });
    const replacement = kubectl("get", "pod", "frontend-2", "-o", "json");
    const pod = JSON.parse(replacement);
    kubectlIn(JSON.stringify({
      apiVersion: "v1", kind: "Pod",
      metadata: { name: "frontend-4", labels: pod.metadata.labels },
      spec: { containers: pod.spec.containers.map(({ name, image, args, ports }) => ({ name, image, args, ports })) },
    }), "create", "-f", "-");
    await page.locator('[data-pod="frontend-4"][data-ready="true"]').waitFor({ timeout });
    await page.waitForFunction(() => document.querySelector('#wires path.ready[data-endpoint="frontend-svc/frontend-4"]') !== null
      && document.querySelectorAll('#wires path.ready[data-endpoint^="frontend-svc/"]').length === 3, null, { timeout });
    if (await readyWires().count() !== 3) throw new Error("frontend-svc does not show three ready endpoints");
    await page.screenshot({ path: join(artifacts, "seed-story-replaced.png"), fullPage: true });
  });
  console.log(`ui: ${passed} passed, 0 failed (screenshots in ${artifacts})`);
} catch (e) {
  console.log(`FAIL ${e.message}`);
  console.log(`ui: ${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

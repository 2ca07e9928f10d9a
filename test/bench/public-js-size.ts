/**
 * Gzipped JS per public page (issue 8), from the vite build in web/dist: for each page the entry
 * chunk plus the page's lazy chunk and every chunk they import statically (the closure the browser
 * loads before the page renders), gzip -9 sizes. Also says whether the closure pulls antd.
 *
 *   pnpm --filter @ms/web build && api/node_modules/.bin/tsx test/bench/public-js-size.ts
 */
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const assets = path.join(root, 'web/dist/assets')
const files = fs.readdirSync(assets).filter((f) => f.endsWith('.js'))
const html = fs.readFileSync(path.join(root, 'web/dist/index.html'), 'utf8')
const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)![1]!
const preloads = [...html.matchAll(/rel="modulepreload"[^>]*href="\/assets\/([^"]+\.js)"/g)].map(
  (m) => m[1]!,
)

const gz = new Map<string, number>()
const size = (f: string) => {
  if (!gz.has(f)) gz.set(f, gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length)
  return gz.get(f)!
}
/** Static imports only (`import … from "./x.js"` / `import "./x.js"`), not dynamic import(). */
const staticImports = (f: string) => {
  const src = fs.readFileSync(path.join(assets, f), 'utf8')
  const out = new Set<string>()
  for (const m of src.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g,
  ))
    out.add(m[1]!)
  return [...out]
}
const closure = (starts: string[]) => {
  const seen = new Set<string>()
  const stack = [...starts]
  while (stack.length) {
    const f = stack.pop()!
    if (seen.has(f) || !files.includes(f)) continue
    seen.add(f)
    stack.push(...staticImports(f))
  }
  return seen
}
const base = closure([entry, ...preloads])
const pages: [string, string][] = [
  ['/public/portal (index)', 'PortalIndexPage'],
  ['/public/j/:jid (jurisdiction)', 'JurisdictionPage'],
  ['/public/portal/projects/:pid (project)', 'PortalProjectPage'],
  ['/public/j/:jid/screen (大屏)', 'BigScreenPage'],
  ['/ (landing, for comparison)', 'LandingPage'],
  ['/console/dashboard (staff, antd)', 'DashboardPage'],
]
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
const baseSize = [...base].reduce((a, f) => a + size(f), 0)
console.log(`entry closure (every page): ${kb(baseSize)} gzip — ${[...base].join(', ')}`)
console.log('| page | page chunks (beyond entry) | gzip beyond entry | total gzip | antd chunk? |')
console.log('|---|---|---|---|---|')
for (const [route, name] of pages) {
  const chunk = files.find((f) => f.startsWith(`${name}-`))
  if (!chunk) {
    console.log(`| ${route} | (no chunk ${name}) | | | |`)
    continue
  }
  const extra = [...closure([chunk])].filter((f) => !base.has(f))
  const extraSize = extra.reduce((a, f) => a + size(f), 0)
  const antd = extra.some((f) => /antd|AntdArea|AntdShell|ConsoleLayout/i.test(f))
  console.log(
    `| ${route} | ${extra.map((f) => f.replace(/-[\w-]{8}\.js$/, '')).join(', ')} | ${kb(extraSize)} | ${kb(baseSize + extraSize)} | ${antd ? 'yes' : 'no'} |`,
  )
}

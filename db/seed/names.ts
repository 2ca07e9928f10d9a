/** Deterministic demo names: a seeded PRNG so every demo install has the same people. */
export function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅玉兰春梅国平文博思远晓东晓燕丽华德明永红卫东小红淑珍金凤秋菊振华海涛晓峰雪梅凤英子豪雨涵梓萱浩然欣怡俊杰嘉怡宇航佳琪'

export function chineseNames(count: number, seed = 2026): string[] {
  const rand = prng(seed)
  const given = [...GIVEN]
  const seen = new Set<string>()
  const out: string[] = []
  while (out.length < count) {
    const s = SURNAMES[Math.floor(rand() * SURNAMES.length)]!
    const len = rand() < 0.55 ? 2 : 1
    let g = ''
    for (let i = 0; i < len; i++) g += given[Math.floor(rand() * given.length)]
    const name = s + g
    if (seen.has(name)) continue
    seen.add(name)
    out.push(name)
  }
  return out
}

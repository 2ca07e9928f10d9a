export * from './foundation.js'
export * from './names.js'

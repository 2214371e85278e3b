// Wall-clock ↔ instant conversions in an explicit IANA zone (never the process zone).
// The conversions themselves are Coverage's cached ones (internal/zone.ts), so a grid of
// thousands of shifts costs two Map lookups per handoff.
import { DateTime, Option } from "effect"
import { dayNumber, instantOf } from "./zone.js"

export const isZone = (zone: string): boolean => Option.isSome(DateTime.zoneMakeNamed(zone))

/** The instant of a local wall-clock time; in a DST gap it moves forward ("compatible"). */
export const wallToMillis = (zone: string, year: number, month: number, day: number, hour = 0, minute = 0): number =>
  instantOf(zone, dayNumber(year, month, day), hour * 60 + minute)

/** Adds whole days to a calendar date with proleptic Gregorian arithmetic (zone-free). */
export const addDays = (year: number, month: number, day: number, days: number): { readonly year: number; readonly month: number; readonly day: number } => {
  const d = new Date(Date.UTC(year, month - 1, day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

export const formatInZone = (ms: number, zone: string): string => {
  const z = DateTime.makeZonedUnsafe(ms, { timeZone: zone })
  const p = DateTime.toParts(z)
  const pad = (x: number, w = 2) => String(x).padStart(w, "0")
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`
}

export const partsInZone = (ms: number, zone: string) => DateTime.toParts(DateTime.makeZonedUnsafe(ms, { timeZone: zone }))

import { z } from "zod";

/**
 * A timestamp lakeward itself wrote (toISOString) and reads back from a file: a real ISO 8601 date and
 * time that Date can hold, so `new Date(value)` never yields an Invalid Date that throws on toISOString.
 */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true, abort: true, message: "expected an ISO 8601 date and time, e.g. 2026-01-31T12:00:00.000Z" })
  .refine((value) => !Number.isNaN(Date.parse(value)), "not a date and time that exists");

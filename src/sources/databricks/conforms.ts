/**
 * A type-level check that a zod schema describes a vendor model faithfully: every key the schema declares
 * exists in the SDK model (at every depth), and every value the SDK model allows, the schema accepts. A
 * schema that names a field the real API lacks, or misspells one, or is stricter than the model (a plain
 * union where the SDK allows any string, say), makes `Conforms<…>` a string literal naming the path, and the
 * `true` assigned to it fails `tsc`:
 *
 *   const _clusters: Conforms<z.infer<typeof clusterSchema>, compute.ClusterDetails> = true;
 *
 * The direction matters: collectors validate what the API sends, so a schema may read fewer fields than the
 * model has (it strips the rest), never other ones.
 */

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/** The first path (as a string literal) where Z does not conform to S, or never. */
export type Mismatch<Z, S, P extends string = "$"> = [NonNullable<Z>] extends [Primitive]
  ? [NonNullable<S>] extends [NonNullable<Z>]
    ? never
    : `${P}: the schema does not accept every value the SDK model allows`
  : NonNullable<Z> extends readonly (infer ZI)[]
    ? NonNullable<S> extends readonly (infer SI)[]
      ? Mismatch<ZI, SI, `${P}[]`>
      : `${P}: an array in the schema but not in the SDK model`
    : NonNullable<S> extends readonly unknown[]
      ? `${P}: an array in the SDK model but not in the schema`
      : string extends keyof NonNullable<Z>
        ? // A record (map) in the schema: the model's values must fit it. A map of `unknown` only says
          // "an object" and fits any object of the model.
          unknown extends NonNullable<Z>[string]
          ? never
          : string extends keyof NonNullable<S>
            ? Mismatch<NonNullable<Z>[string], NonNullable<S>[string], `${P}{}`>
            : `${P}: a map in the schema but an object in the SDK model`
        : {
            [K in keyof NonNullable<Z> & string]: K extends keyof NonNullable<S>
              ? Mismatch<NonNullable<Z>[K], NonNullable<S>[K], `${P}.${K}`>
              : `${P}.${K}: not in the SDK model`;
          }[keyof NonNullable<Z> & string];

/** `true` when Z conforms to S; otherwise the first mismatching path, which `true` cannot be assigned to. */
export type Conforms<Z, S> = [Mismatch<Z, S>] extends [never] ? true : Mismatch<Z, S>;

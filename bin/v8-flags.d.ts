/** The V8 flags lakeward runs with (see v8-flags.js). */
export declare const V8_FLAGS: readonly string[];
/** Whether this process already runs with every flag. */
export declare function hasV8Flags(execArgv?: readonly string[]): boolean;

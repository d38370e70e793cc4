/** The part of busboy 1.6 (which ships no types) that upload-form.server.ts uses. */
declare module "busboy" {
  import type { Readable, Writable } from "node:stream";

  export type Limits = { fieldNameSize?: number; fieldSize?: number; fields?: number; fileSize?: number; files?: number; parts?: number; headerPairs?: number };
  export type Config = { headers: Record<string, string>; defParamCharset?: string; defCharset?: string; preservePath?: boolean; limits?: Limits };
  export type FieldInfo = { nameTruncated: boolean; valueTruncated: boolean; encoding: string; mimeType: string };
  export type FileInfo = { filename: string | undefined; encoding: string; mimeType: string };

  export interface Busboy extends Writable {
    on(event: "field", listener: (name: string, value: string, info: FieldInfo) => void): this;
    on(event: "file", listener: (name: string, stream: Readable, info: FileInfo) => void): this;
    on(event: "partsLimit" | "filesLimit" | "fieldsLimit" | "close", listener: () => void): this;
    on(event: "error", listener: (error: Error) => void): this;
  }

  export default function busboy(config: Config): Busboy;
}

/** The part of yauzl 3 (which ships no types) that zip-reader.server.ts uses. */
declare module "yauzl" {
  import type { Readable } from "node:stream";

  export type Options = { autoClose?: boolean; lazyEntries?: boolean; decodeStrings?: boolean; validateEntrySizes?: boolean; strictFileNames?: boolean };

  export class Entry {
    fileName: string;
    compressedSize: number;
    uncompressedSize: number;
    compressionMethod: number;
    isEncrypted(): boolean;
    canDecodeFileData(): boolean;
  }

  export class ZipFile {
    entryCount: number;
    isOpen: boolean;
    eachEntry(): AsyncIterableIterator<Entry>;
    openReadStreamPromise(entry: Entry): Promise<Readable>;
    close(): void;
  }

  export class RandomAccessReader {
    _readStreamForRange(start: number, end: number): Readable;
  }

  export function fromRandomAccessReaderPromise(reader: RandomAccessReader, totalSize: number, options?: Options): Promise<ZipFile>;

  const yauzl: { RandomAccessReader: typeof RandomAccessReader; fromRandomAccessReaderPromise: typeof fromRandomAccessReaderPromise };
  export default yauzl;
}

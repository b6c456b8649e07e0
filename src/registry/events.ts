/**
 * What the registry tells the rest of drydock. Later parts subscribe: audit, scan on push
 * (through jobs), outcomes. Listeners run after the change is durable and must not throw.
 */
export type RegistryEvent =
  | { type: "blob.pushed"; repository: string; digest: string; size: number }
  | { type: "blob.mounted"; repository: string; from: string; digest: string }
  | { type: "blob.deleted"; repository: string; digest: string }
  | {
      type: "manifest.pushed";
      repository: string;
      digest: string;
      mediaType: string;
      tag: string | null;
      subject: string | null;
    }
  | { type: "manifest.deleted"; repository: string; digest: string }
  | { type: "tag.deleted"; repository: string; tag: string }
  | {
      type: "gc.completed";
      dryRun: boolean;
      manifests: number;
      links: number;
      blobs: number;
      uploads: number;
    };

export type RegistryListener = (event: RegistryEvent) => void;

export class RegistryEvents {
  private readonly listeners: RegistryListener[] = [];

  on(listener: RegistryListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  emit(event: RegistryEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must never undo or fail a registry operation.
      }
    }
  }
}

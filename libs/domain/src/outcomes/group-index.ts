import type { GroupDimension } from '@ips/contracts';
import { dimensionValue } from './group-key';
import { emptyTally } from './group-tally';
import type { ParticipantDimensions } from './participant-outcome';
import type { TalliedGroup } from './treatment-effects';

// Finds a participant's group with one Map lookup per groupBy dimension. A key string
// joined per participant was measured at more than twice the cost: it allocates, and
// every lookup must flatten and hash it anew. Map keys may be null, so a participant
// lacking a dimension needs no stand-in value.

interface Node {
  children: Map<string | null, Node>;
  group: TalliedGroup | null;
}

export class GroupIndex {
  private readonly root: Node = { children: new Map(), group: null };
  private readonly created: TalliedGroup[] = [];
  private readonly path: (string | null)[];

  constructor(private readonly groupBy: readonly GroupDimension[]) {
    this.path = new Array<string | null>(groupBy.length).fill(null);
  }

  groupOf(dimensions: ParticipantDimensions): TalliedGroup {
    let node = this.root;
    for (let i = 0; i < this.groupBy.length; i++) {
      const value = dimensionValue(dimensions, this.groupBy[i]!);
      this.path[i] = value;
      let child = node.children.get(value);
      if (child === undefined) {
        child = { children: new Map(), group: null };
        node.children.set(value, child);
      }
      node = child;
    }
    if (node.group === null) {
      node.group = { values: [...this.path], tally: emptyTally() };
      this.created.push(node.group);
    }
    return node.group;
  }

  /** Every group met so far, in the order they were first met. */
  groups(): TalliedGroup[] {
    return [...this.created];
  }
}

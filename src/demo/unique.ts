// An allocation-free hash set of integers, for checking that generated identifiers are new.

/**
 * An open-addressing set of non-negative integers below 2^53 in a Float64Array. A built-in Set boxes
 * such numbers as heap numbers; in the hot loop of person generation its operations and the garbage
 * they left showed up as a sizeable part of the world's generation time.
 */
export class IntegerSet {
  private slots = new Float64Array(1024).fill(-1);
  private size = 0;

  has(key: number): boolean {
    return this.slots[this.find(key)] === key;
  }

  add(key: number): void {
    const at = this.find(key);
    if (this.slots[at] === key) return;
    this.slots[at] = key;
    if (++this.size * 2 > this.slots.length) this.grow();
  }

  /** The slot holding `key`, or the empty slot where it belongs (linear probing). */
  private find(key: number): number {
    const mask = this.slots.length - 1;
    // Mix both halves of the key: low bits alone would cluster (keys share region and date prefixes).
    let i =
      (Math.imul(key % 4_294_967_296, 0x9e3779b1) ^ Math.imul(Math.floor(key / 4_294_967_296), 0x85ebca6b)) &
      mask;
    while (this.slots[i] !== -1 && this.slots[i] !== key) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2).fill(-1);
    this.size = 0;
    for (const key of old) if (key !== -1) this.add(key);
  }
}

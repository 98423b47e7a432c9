/**
 * Something a check needs is missing (a tool, the built CLI, an earlier step). The check fails
 * with this named reason; it is never a silent skip.
 */
export class Unavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unavailable';
  }
}

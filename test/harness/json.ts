/** Whether `text` is JSON: the sample batches hold a record whose body is not, on purpose. */
export function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

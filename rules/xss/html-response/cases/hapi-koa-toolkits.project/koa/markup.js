export function missingPage(detail) {
  return `<!doctype html><h1>Not found</h1><p>${detail}</p>`;
}

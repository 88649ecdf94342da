// postinstall: builds the PGlite template once (initdb in WebAssembly takes ~6 s) so that first start is quick.
// Never fails the install: without the template, PGlite simply runs its own initdb at first start.
try {
  const { register } = await import('tsx/esm/api');
  register();
  const { ensureTemplate, TEMPLATE_DIR } = await import('../src/store/pglite.ts');
  if (await ensureTemplate()) console.log(`yidi: PGlite template ready at ${TEMPLATE_DIR}`);
} catch (error) {
  console.warn(`yidi: could not prepare the PGlite template (${error.message}); first start will be slower`);
}

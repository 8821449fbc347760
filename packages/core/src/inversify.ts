/**
 * The dependency-injection runtime of odeflow's built packages: inversify with reflect-metadata. The build
 * (scripts/bundle-entries.mjs) bundles it into this one file and points every package's `inversify` import
 * here, so a process loads inversify once as one file instead of as some 250 ES modules. inversify's
 * `ContainerModule` is duck-typed (`Container.load` calls `module.load(options)` and reads `module.id`, its ids
 * kept in reflect-metadata on `Object`), so modules built with a user's own copy of inversify load into
 * odeflow's containers and the other way round. reflect-metadata's `lite` entry is the one inversify itself
 * imports: the same global `Reflect.metadata` API without the fallbacks for engines that lack Map and WeakMap,
 * so the bundle carries one copy of it, not two.
 * @packageDocumentation
 */
import 'reflect-metadata/lite';
export * from 'inversify';

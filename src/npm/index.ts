/**
 * The npm adapter: package.json files, npm config and the registry. Runs under plain Node (no
 * `vscode` import) and imports no other adapter: git facts come in through the contract's
 * `ReleaseHistorySource`.
 */
export { NpmPackages } from './packagesModel';
export type { NpmPackagesOptions } from './packagesModel';
export { DEFAULT_REGISTRY, NpmConfig } from './npmConfig';
export type { NpmConfigSources } from './npmConfig';
export { parseNpmrc } from './npmrc';
export { readRepositoryManifests, pnpmWorkspacePatterns } from './manifests';
export { isValidPackageName, packumentUrl, parsePackument, RegistryClient } from './registryClient';
export type { PackumentAnswer, RegistryClientOptions, RegistryClientStats } from './registryClient';
export { RegistryError } from './registryErrors';
export type { RegistryErrorKind } from './registryErrors';
export { atPackagesEdge, PACKAGES_CODE_OF, toPackagesError } from './sourceErrors';

// Metro configuration: Expo defaults, with Metro's caches kept inside the project
// (.cache/) instead of the OS temp folder, so CI and sandboxes that clean or restrict
// /tmp keep working, and `rm -rf .cache` gives a truly cold build.
const fs = require('fs');
const path = require('path');
const { getDefaultConfig } = require('expo/metro-config');
const { FileStore } = require('@expo/metro/metro-cache');

const config = getDefaultConfig(__dirname);

// Transform cache (the expensive part of a cold build).
config.cacheStores = [new FileStore({ root: path.join(__dirname, '.cache', 'metro') })];
// File map (haste map) cache.
config.fileMapCacheDirectory = path.join(__dirname, '.cache', 'metro-file-map');
// Metro writes there without creating it (a fresh clone has no .cache yet).
fs.mkdirSync(config.fileMapCacheDirectory, { recursive: true });

module.exports = config;

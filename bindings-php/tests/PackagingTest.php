<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\Tests\Support\PhpExtManifest;
use PHPUnit\Framework\TestCase;

/**
 * The two packages: pie/composer.json (`type: php-ext`, for PIE) and composer.json (the library).
 * test.sh also runs the PIE source build path for real (phpize, configure, make, make install).
 */
final class PackagingTest extends TestCase
{
    private static function bindings(): string
    {
        return dirname(__DIR__);
    }

    /** @return array<string, mixed> */
    private static function manifest(string $file): array
    {
        return json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
    }

    public function testTheCheckerCatchesBrokenManifests(): void
    {
        self::assertNotEmpty(PhpExtManifest::problems(['name' => 'a/b', 'type' => 'library', 'php-ext' => []]));
        self::assertNotEmpty(PhpExtManifest::problems(['name' => 'a/b', 'type' => 'php-ext', 'php-ext' => ['extension-name' => 'coolify-k8s']]));
        self::assertNotEmpty(PhpExtManifest::problems(['name' => 'a/b', 'type' => 'php-ext', 'php-ext' => [
            'extension-name' => 'x', 'os-families' => ['linux'], 'os-families-exclude' => ['windows'],
        ]]));
        self::assertNotEmpty(PhpExtManifest::problems(['name' => 'a/b', 'type' => 'php-ext', 'php-ext' => [
            'extension-name' => 'x', 'download-url-method' => ['cargo'],
        ]]));
        self::assertSame([], PhpExtManifest::problems(['name' => 'a/b', 'type' => 'php-ext', 'php-ext' => ['extension-name' => 'x']]));
    }

    public function testThePiePackageIsAValidPhpExt(): void
    {
        $manifest = self::manifest(self::bindings() . '/pie/composer.json');
        self::assertSame([], PhpExtManifest::problems($manifest));
        self::assertSame('>=8.1', $manifest['require']['php']);
    }

    public function testThePiePackageNamesTheModuleTheExtensionRegisters(): void
    {
        $name = self::manifest(self::bindings() . '/pie/composer.json')['php-ext']['extension-name'];
        // The module name is the Cargo package name (ext-php-rs), and that is what `php -m` lists.
        preg_match('/^\[package\]\s*\nname = "([^"]+)"/m', (string) file_get_contents(self::bindings() . '/Cargo.toml'), $m);
        self::assertSame($name, $m[1]);
        self::assertTrue(extension_loaded($name));
    }

    public function testThePieBuildPathHoldsTheCargoShim(): void
    {
        // The PIE package's root is the repository root: the Cargo workspace (the core is a path
        // dependency) must be in the archive PIE unpacks.
        $buildPath = self::manifest(self::bindings() . '/pie/composer.json')['php-ext']['build-path'];
        $configM4 = dirname(self::bindings()) . '/' . $buildPath . '/config.m4';
        self::assertFileExists($configM4);
        $m4 = (string) file_get_contents($configM4);
        self::assertStringContainsString('PHP_ARG_ENABLE([coolify_k8s]', $m4);
        self::assertStringContainsString('build --release --locked', $m4);
        self::assertStringContainsString('--package coolify_k8s', $m4);
        self::assertStringContainsString('libcoolify_k8s.so" \$(phplibdir)/coolify_k8s.so', $m4);
    }

    public function testTheLibraryRequiresTheExtension(): void
    {
        $manifest = self::manifest(self::bindings() . '/composer.json');
        self::assertSame('library', $manifest['type']);
        self::assertSame('*', $manifest['require']['ext-coolify_k8s']);
        self::assertSame(['CoolifyK8s\\' => 'lib/'], $manifest['autoload']['psr-4']);
        // Stubs are for IDEs only: never on the autoload path (they would hide a missing extension).
        self::assertStringNotContainsString('stubs', json_encode($manifest['autoload'], JSON_THROW_ON_ERROR));
    }
}

<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests\Support;

/**
 * Checks a `type: php-ext` composer.json the way Composer (>= 2.7, ValidatingArrayLoader) and PIE
 * read it. Debian's Composer 2.5 predates the `php-ext` section and PIE cannot be fetched here, so
 * this is the structural check that runs instead.
 */
final class PhpExtManifest
{
    private const KEYS = [
        'extension-name', 'priority', 'support-zts', 'support-nts', 'build-path',
        'download-url-method', 'os-families', 'os-families-exclude', 'configure-options',
    ];
    private const DOWNLOAD_URL_METHODS = ['composer-default', 'pre-packaged-source', 'pre-packaged-binary'];
    private const OS_FAMILIES = ['windows', 'bsd', 'darwin', 'solaris', 'linux', 'unknown'];

    /**
     * @param array<string, mixed> $manifest the decoded composer.json
     *
     * @return list<string> every problem found (empty: valid)
     */
    public static function problems(array $manifest): array
    {
        $problems = [];
        if (!preg_match('{^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$}', (string) ($manifest['name'] ?? ''))) {
            $problems[] = 'name : must be vendor/package, lowercase';
        }
        if (!in_array($manifest['type'] ?? null, ['php-ext', 'php-ext-zend'], true)) {
            $problems[] = 'type : must be php-ext or php-ext-zend';
        }
        $ext = $manifest['php-ext'] ?? null;
        if (!is_array($ext)) {
            return [...$problems, 'php-ext : must be an object'];
        }
        foreach (array_diff(array_keys($ext), self::KEYS) as $unknown) {
            $problems[] = "php-ext.$unknown : unknown key";
        }
        // PIE: the name a module registers (`php -m`); no hyphen, no `ext-` prefix.
        $name = $ext['extension-name'] ?? null;
        if (!is_string($name) || !preg_match('/^[A-Za-z][A-Za-z0-9_]*$/', $name) || str_starts_with($name, 'ext-')) {
            $problems[] = 'php-ext.extension-name : must be a module name (letters, digits, underscores)';
        }
        if (array_key_exists('priority', $ext) && !is_int($ext['priority'])) {
            $problems[] = 'php-ext.priority : should be an integer';
        }
        foreach (['support-zts', 'support-nts'] as $flag) {
            if (array_key_exists($flag, $ext) && !is_bool($ext[$flag])) {
                $problems[] = "php-ext.$flag : should be a boolean";
            }
        }
        if (array_key_exists('build-path', $ext) && !is_string($ext['build-path']) && $ext['build-path'] !== null) {
            $problems[] = 'php-ext.build-path : should be a string or null';
        }
        if (array_key_exists('download-url-method', $ext)) {
            $methods = (array) $ext['download-url-method'];
            if ($methods === [] || array_diff($methods, self::DOWNLOAD_URL_METHODS) !== []) {
                $problems[] = 'php-ext.download-url-method : must be one or more of ' . implode(', ', self::DOWNLOAD_URL_METHODS);
            }
        }
        if (isset($ext['os-families'], $ext['os-families-exclude'])) {
            $problems[] = 'php-ext : os-families and os-families-exclude cannot both be specified';
        }
        foreach (['os-families', 'os-families-exclude'] as $field) {
            if (array_key_exists($field, $ext)
                && (!is_array($ext[$field]) || $ext[$field] === [] || array_diff($ext[$field], self::OS_FAMILIES) !== [])) {
                $problems[] = "php-ext.$field : must be a non-empty list of " . implode(', ', self::OS_FAMILIES);
            }
        }
        foreach ((array) ($ext['configure-options'] ?? []) as $i => $option) {
            if (!is_array($option) || !is_string($option['name'] ?? null)) {
                $problems[] = "php-ext.configure-options.$i.name : must be present, a string";
            }
        }

        return $problems;
    }
}

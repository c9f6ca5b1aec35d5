<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests\Support;

/** The shared test vectors in tests/vectors/ at the repository root, read as data. */
final class Vectors
{
    public static function root(): string
    {
        return dirname(__DIR__, 3) . '/tests/vectors';
    }

    /**
     * The case directories of one kind (`render`, `render-errors`, `status`), by name.
     *
     * @return array<string, string>
     */
    public static function cases(string $kind): array
    {
        $dirs = glob(self::root() . '/' . $kind . '/*', GLOB_ONLYDIR) ?: [];
        sort($dirs);
        $cases = [];
        foreach ($dirs as $dir) {
            $cases[basename($dir)] = $dir;
        }

        return $cases;
    }

    /** The case's input file (`input.json` or `input.yaml`). */
    public static function inputFile(string $dir): string
    {
        foreach (['input.json', 'input.yaml'] as $name) {
            if (is_file("$dir/$name")) {
                return "$dir/$name";
            }
        }
        throw new \RuntimeException("$dir has no input.json or input.yaml");
    }

    public static function read(string $file): string
    {
        $text = file_get_contents($file);
        if ($text === false) {
            throw new \RuntimeException("cannot read $file");
        }

        return $text;
    }

    /**
     * The input as Coolify would pass it: a PHP array (`json_decode(..., true)`), or null when the
     * input has no array form (YAML text, or not valid JSON).
     *
     * @return array<mixed>|null
     */
    public static function inputArray(string $dir): ?array
    {
        $file = self::inputFile($dir);
        if (!str_ends_with($file, '.json')) {
            return null;
        }
        $decoded = json_decode(self::read($file), true);

        return is_array($decoded) ? $decoded : null;
    }

    /** @return mixed the JSON file decoded into PHP arrays */
    public static function json(string $file): mixed
    {
        return json_decode(self::read($file), true, 512, JSON_THROW_ON_ERROR);
    }
}

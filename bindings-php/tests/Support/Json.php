<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests\Support;

/**
 * JSON compared as text. PHP arrays cannot tell `{}` from `[]`, so both sides go through the same
 * encoder: expected files are decoded with objects kept as objects (`{}` stays `{}`), and the
 * extension's results carry an empty JSON object as a `stdClass`.
 */
final class Json
{
    private const FLAGS = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
        | JSON_UNESCAPED_LINE_TERMINATORS | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR;

    /** A PHP value as canonical JSON text. */
    public static function canonical(mixed $value): string
    {
        return json_encode($value, self::FLAGS);
    }

    /** JSON text decoded with objects as objects, as canonical JSON text. */
    public static function canonicalText(string $json): string
    {
        return self::canonical(self::decodeObjects($json));
    }

    /** JSON text decoded with objects as `stdClass` (key order and `{}` kept). */
    public static function decodeObjects(string $json): mixed
    {
        return json_decode($json, false, 512, JSON_THROW_ON_ERROR);
    }

    /**
     * The value with every map's keys sorted (byte order), as a serde_json `Value` holds them; a
     * `stdClass` stays one.
     */
    public static function sorted(mixed $value): mixed
    {
        if ($value instanceof \stdClass) {
            return (object) self::sorted(get_object_vars($value));
        }
        if (!is_array($value)) {
            return $value;
        }
        if (array_is_list($value)) {
            return array_map(self::sorted(...), $value);
        }
        ksort($value, SORT_STRING);

        return array_map(self::sorted(...), $value);
    }

    /**
     * A PHP value as serde_json's pretty printer writes it (two-space indent, a trailing
     * newline): the CLI's `--output json` bytes.
     */
    public static function cliBytes(mixed $value): string
    {
        $text = preg_replace_callback(
            '/^( +)/m',
            static fn (array $m): string => str_repeat(' ', intdiv(strlen($m[1]), 2)),
            json_encode($value, self::FLAGS),
        );

        return $text . "\n";
    }
}

<?php

// Stubs of the coolify_k8s extension, version 0.1.0, for IDEs and static analysis.
// Generated from the extension by tools/stubs.php: do not edit. Not for autoloading.

namespace CoolifyK8s {

    function render(mixed $bundle): array {}

    function renderYaml(mixed $bundle): string {}

    function verdict(mixed $observed, array $context): array {}

    function plan(mixed $action): array {}

    function parseTop(string $output): array {}

    function checkCluster(string $output): array {}

    function parseKubeconfig(string $text, ?string $context = null): array {}

    function rewriteK3sKubeconfig(string $text, string $address): string {}

    function renderCompose(mixed $input): array {}

    function renderComposeYaml(mixed $input): string {}

    function coordinate(mixed $input, mixed $now = null): array {}

    class CoolifyK8sException extends \Exception
    {
        protected $problems = [];

        public function __construct(string $message = '', array $problems = [], int $code = 0, ?\Throwable $previous = null) {}

        public function getProblems(): array {}
    }
}

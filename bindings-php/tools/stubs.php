<?php

/*
 * Writes the IDE stubs of the coolify_k8s extension from the loaded extension itself
 * (reflection: every function and class it registers, with the engine's own signatures), so the
 * stubs never drift from the code. tests/StubsTest.php fails when stubs/coolify_k8s.php is stale.
 *
 *   php -d extension=/path/to/libcoolify_k8s.so tools/stubs.php > stubs/coolify_k8s.php
 */

declare(strict_types=1);

namespace CoolifyK8s\Tools;

/** The stub file's text for a loaded extension. */
function stubs(string $extension): string
{
    $ext = new \ReflectionExtension($extension);
    $byNamespace = [];
    foreach ($ext->getFunctions() as $function) {
        $byNamespace[$function->getNamespaceName()][] = functionStub($function);
    }
    foreach ($ext->getClasses() as $class) {
        $byNamespace[$class->getNamespaceName()][] = classStub($class);
    }
    ksort($byNamespace);

    $out = "<?php\n\n"
        . "// Stubs of the {$extension} extension, version {$ext->getVersion()}, for IDEs and static analysis.\n"
        . "// Generated from the extension by tools/stubs.php: do not edit. Not for autoloading.\n";
    foreach ($byNamespace as $namespace => $items) {
        $out .= "\nnamespace {$namespace} {\n\n" . implode("\n", $items) . "}\n";
    }

    return $out;
}

function functionStub(\ReflectionFunction $function): string
{
    return sprintf(
        "    function %s(%s)%s {}\n",
        $function->getShortName(),
        parameters($function),
        returnType($function),
    );
}

function classStub(\ReflectionClass $class): string
{
    $head = 'class ' . $class->getShortName();
    if ($parent = $class->getParentClass()) {
        $head .= ' extends \\' . $parent->getName();
    }
    $body = '';
    foreach ($class->getProperties() as $property) {
        if ($property->getDeclaringClass()->getName() !== $class->getName()) {
            continue;
        }
        $body .= sprintf(
            "        %s %s\$%s%s;\n",
            implode(' ', \Reflection::getModifierNames($property->getModifiers())),
            $property->hasType() ? $property->getType() . ' ' : '',
            $property->getName(),
            $property->hasDefaultValue() ? ' = ' . value($property->getDefaultValue()) : '',
        );
    }
    foreach ($class->getMethods() as $method) {
        if ($method->getDeclaringClass()->getName() !== $class->getName()) {
            continue;
        }
        $body .= sprintf(
            "\n        %s function %s(%s)%s {}\n",
            implode(' ', \Reflection::getModifierNames($method->getModifiers())),
            $method->getName(),
            parameters($method),
            returnType($method),
        );
    }

    return "    {$head}\n    {\n{$body}    }\n";
}

function parameters(\ReflectionFunctionAbstract $function): string
{
    $list = [];
    foreach ($function->getParameters() as $parameter) {
        $text = ($parameter->hasType() ? typeName($parameter->getType()) . ' ' : '') . '$' . $parameter->getName();
        if ($parameter->isDefaultValueAvailable()) {
            $text .= ' = ' . value($parameter->getDefaultValue());
        }
        $list[] = $text;
    }

    return implode(', ', $list);
}

function returnType(\ReflectionFunctionAbstract $function): string
{
    return $function->hasReturnType() ? ': ' . typeName($function->getReturnType()) : '';
}

/** A type as source text: class names fully qualified. */
function typeName(\ReflectionType $type): string
{
    if ($type instanceof \ReflectionNamedType) {
        $name = $type->isBuiltin() ? $type->getName() : '\\' . $type->getName();

        return ($type->allowsNull() && $type->getName() !== 'mixed' && $type->getName() !== 'null' ? '?' : '') . $name;
    }

    return (string) $type;
}

function value(mixed $value): string
{
    return match (true) {
        $value === [] => '[]',
        $value === null => 'null',
        default => var_export($value, true),
    };
}

if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    echo stubs('coolify_k8s');
}

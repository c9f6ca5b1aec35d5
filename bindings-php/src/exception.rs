//! `CoolifyK8s\CoolifyK8sException`: the one exception every function of the extension throws.
//!
//! ```php
//! class CoolifyK8sException extends \Exception {
//!     protected array $problems = [];
//!     public function __construct(string $message = '', array $problems = [], int $code = 0, ?\Throwable $previous = null);
//!     /** @return list<array{code: string, path: string, message: string}> */
//!     public function getProblems(): array;
//! }
//! ```
//!
//! It is registered at module startup as a plain internal class: it keeps `\Exception`'s own
//! object handlers (so `getFile()`, `getLine()` and the trace are filled in), PHP code can
//! `new` it and extend it, and it exists whether or not the composer library is installed.
//! (An ext-php-rs `#[php_class]` cannot be built from PHP without a Rust constructor, and its
//! objects skip `\Exception`'s initialisation.)

use coolify_k8s_core::Problem;
use ext_php_rs::args::Arg;
use ext_php_rs::builders::{ClassBuilder, ClassProperty, FunctionBuilder};
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::{DataType, MethodFlags, PropertyFlags};
use ext_php_rs::types::{ZendEmptyArray, Zval};
use ext_php_rs::zend::{ce, run_handler, ClassEntry, ExecuteData};
use std::panic::AssertUnwindSafe;

/// The class's PHP name.
pub const CLASS: &str = "CoolifyK8s\\CoolifyK8sException";

/// Registers the class; called once from the module's startup (MINIT).
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(CLASS)
        .extends((ce::exception, "\\Exception"))
        .docs(&["/// Thrown by every `CoolifyK8s\\` function; `getProblems()` lists each problem as `{code, path, message}`."])
        .property(ClassProperty {
            name: "problems".into(),
            flags: PropertyFlags::Protected,
            default: Some(Box::new(|| ZendEmptyArray.into_zval(true))),
            docs: &[],
            ty: Some(DataType::Array),
            nullable: false,
            readonly: false,
            default_stub: Some("[]".into()),
        })
        .method(
            FunctionBuilder::constructor(construct)
                .not_required()
                .arg(Arg::new("message", DataType::String).default("''"))
                .arg(Arg::new("problems", DataType::Array).default("[]"))
                .arg(Arg::new("code", DataType::Long).default("0"))
                .arg(Arg::new("previous", DataType::object("Throwable")).allow_null().default("null")),
            MethodFlags::Public,
        )
        .method(FunctionBuilder::new("getProblems", get_problems).returns(DataType::Array, false, false), MethodFlags::Public)
        // The engine keeps pointers into the methods' argument tables for the life of the
        // process: they are never freed.
        .registration(|_ce, arg_info| std::mem::forget(arg_info))
        .register()
}

/// The exception for a list of problems; its message is one `<path>: <message> [<code>]` line
/// per problem, as the CLI prints them.
pub fn from_problems(problems: &[Problem]) -> PhpException {
    let message = problems.iter().map(Problem::to_string).collect::<Vec<_>>().join("\n");
    let Some(class) = ClassEntry::try_find(CLASS) else {
        return PhpException::from_message(message);
    };
    let build = || -> Result<Zval, String> {
        let list = crate::output::to_array(problems).map_err(|e| e.to_string())?;
        let object = class.new();
        object.try_call_method("__construct", vec![&message, &list]).map_err(|e| e.to_string())?;
        object.into_zval(false).map_err(|e| e.to_string())
    };
    match build() {
        Ok(object) => PhpException::new(message, 0, class).with_object(object),
        Err(_) => PhpException::new(message, 0, class),
    }
}

/// `__construct(string $message = '', array $problems = [], int $code = 0, ?\Throwable $previous = null)`
extern "C" fn construct(ex: &mut ExecuteData, _retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        let mut message = Arg::new("message", DataType::String);
        let mut problems = Arg::new("problems", DataType::Array);
        let mut code = Arg::new("code", DataType::Long);
        let mut previous = Arg::new("previous", DataType::object("Throwable")).allow_null();
        let (parser, this) = ex.parser_object();
        let Some(this) = this else { return };
        if parser.not_required().arg(&mut message).arg(&mut problems).arg(&mut code).arg(&mut previous).parse().is_err() {
            return;
        }
        let arg = |a: &mut Arg<'_>| a.zval().map(|z| z.dereference().shallow_clone());
        let message = arg(&mut message);
        let problems = arg(&mut problems);
        let code = arg(&mut code);
        let previous = arg(&mut previous);

        let wrong = |n: u32, name: &str, ty: &str, given: &Zval| {
            PhpException::new(
                format!("{CLASS}::__construct(): Argument #{n} (${name}) must be of type {ty}, {} given", crate::type_name(given)),
                0,
                ce::type_error(),
            )
            .throw();
        };
        if let Some(m) = &message {
            if !m.is_string() {
                return wrong(1, "message", "string", m);
            }
        }
        if let Some(p) = &problems {
            if !p.is_array() {
                return wrong(2, "problems", "array", p);
            }
        }
        if let Some(c) = &code {
            if !c.is_long() {
                return wrong(3, "code", "int", c);
            }
        }
        if let Some(p) = &previous {
            if !p.is_null() && !p.object().is_some_and(|o| o.instance_of(ce::throwable())) {
                return wrong(4, "previous", "?Throwable", p);
            }
        }

        if let Some(problems) = problems {
            // Within this method the class's own protected property is in scope.
            if this.set_property("problems", problems).is_err() {
                return;
            }
        }
        // \Exception::__construct($message, $code, $previous) sets the rest, `previous` (private
        // to \Exception) included.
        let mut params = [
            message.unwrap_or_else(|| text_zval("")),
            code.unwrap_or_else(|| long_zval(0)),
            previous.unwrap_or_else(Zval::null),
        ];
        let parent = ce::exception().constructor;
        if parent.is_null() {
            return;
        }
        // SAFETY: `parent` is \Exception's constructor, `this` is a live object of a subclass of
        // \Exception, and `params` holds three initialised zvals that outlive the call (the
        // callee copies what it keeps). A null return-value pointer is allowed.
        #[allow(unsafe_code)]
        unsafe {
            ext_php_rs::ffi::zend_call_known_function(
                parent,
                std::ptr::from_mut(this),
                this.ce,
                std::ptr::null_mut(),
                3,
                params.as_mut_ptr(),
                std::ptr::null_mut(),
            );
        }
    }));
}

/// `getProblems(): array`
extern "C" fn get_problems(ex: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        let Some(this) = ex.get_self() else { return };
        match this.get_property::<&Zval>("problems") {
            Ok(problems) if problems.is_array() => *retval = problems.shallow_clone(),
            _ => {
                let _ = ZendEmptyArray.set_zval(retval, false);
            }
        }
    }));
}

fn text_zval(s: &str) -> Zval {
    s.into_zval(false).unwrap_or_else(|_| Zval::null())
}

fn long_zval(i: i64) -> Zval {
    i.into_zval(false).unwrap_or_else(|_| Zval::null())
}

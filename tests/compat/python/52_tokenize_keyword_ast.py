# ast, tokenize and keyword (avoiding ast.dump, whose output changed in 3.13).
import ast
import io
import keyword
import tokenize

source = "total = price * (1 + rate)  # tax\nif total > 100:\n    print('big', total)\n"
tree = ast.parse(source)
print([type(node).__name__ for node in tree.body])
print(sorted({type(node).__name__ for node in ast.walk(tree)}))
print(sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}))
print(ast.unparse(tree.body[0]), "|", ast.unparse(tree.body[1].test))
print(ast.literal_eval("{'a': [1, 2.5, (True, None)], 'b': -3}"), ast.get_docstring(ast.parse('"""Doc."""\nx = 1')))


class Renamer(ast.NodeTransformer):
    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=node.id.upper(), ctx=node.ctx), node)


print(ast.unparse(Renamer().visit(ast.parse("a = b + c(d)"))))
node = tree.body[0].value
print(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
tokens = list(tokenize.generate_tokens(io.StringIO("x = 1 + 2\n").readline))
print([(tokenize.tok_name[t.type], t.string) for t in tokens if t.type != tokenize.NEWLINE])
print(len(keyword.kwlist), keyword.iskeyword("lambda"), keyword.iskeyword("print"), "match" in keyword.softkwlist)
code = compile("x * 2", "<expr>", "eval")
print(eval(code, {"x": 21}), code.co_names)
try:
    ast.literal_eval("__import__('os')")
except ValueError:
    print("not a literal")

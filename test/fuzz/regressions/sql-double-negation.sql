-- corpus: test/sql/window/window_navigation.test
-- found: SyntaxError: Invalid left-hand side expression in prefix operation (a double negation compiled to JavaScript '--1')
SELECT id , lag ( v ) OVER ( ORDER BY id ) , lead ( v , 3 , - - 1 ) OVER ( ORDER BY id ) , - - v , - ( - 1 ) FROM s ORDER BY id ;
